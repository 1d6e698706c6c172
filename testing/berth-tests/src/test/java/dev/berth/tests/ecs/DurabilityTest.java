package dev.berth.tests.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.tests.support.BerthProcess;
import dev.berth.tests.support.RawAwsJson;
import dev.berth.tests.support.RawAwsJson.Answer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged writes survive kill -9: register task definitions from several clients at once,
 * kill the server while registrations are still in flight, start it again on the same data.
 */
class DurabilityTest {
    private static final int FAMILIES = 4;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 1_000;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedRegistrationSurvivesKillDashNineAndRevisionsContinueWithoutAGap() throws Exception {
        Map<String, Set<Integer>> acknowledged = new ConcurrentHashMap<>();
        try (BerthProcess berth = BerthProcess.up(dataDir)) {
            RawAwsJson http = new RawAwsJson(berth.endpoint());
            AtomicBoolean killed = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < 8; client++) {
                String family = "durable-" + (client % FAMILIES);
                running.add(clients.submit(() -> {
                    while (!killed.get()) {
                        try {
                            Answer answer = http.ecs("RegisterTaskDefinition", worker(family));
                            if (answer.status() == 200) {
                                acknowledged.computeIfAbsent(family, f -> ConcurrentHashMap.newKeySet())
                                        .add(answer.json().at("/taskDefinition/revision").asInt());
                            }
                        } catch (RuntimeException connectionLost) {
                            return; // the server is gone: nothing after this was acknowledged
                        }
                    }
                }));
            }
            while (count(acknowledged) < ACKNOWLEDGED_BEFORE_KILL) {
                Thread.sleep(5);
            }
            berth.kill9(); // registrations are still in flight
            killed.set(true);
            for (Future<?> client : running) {
                client.get();
            }
            clients.shutdown();
        }
        assertThat(count(acknowledged)).isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

        try (BerthProcess restarted = BerthProcess.up(dataDir)) {
            RawAwsJson http = new RawAwsJson(restarted.endpoint());
            for (Map.Entry<String, Set<Integer>> family : acknowledged.entrySet()) {
                TreeSet<Integer> stored = listRevisions(http, family.getKey());
                assertThat(stored).as("every acknowledged revision of " + family.getKey() + " is there")
                        .containsAll(family.getValue());
                int highest = stored.last();
                assertThat(stored).as("revisions of " + family.getKey() + " have no gap").hasSize(highest);
                Answer next = http.ecs("RegisterTaskDefinition", worker(family.getKey()));
                assertThat(next.json().at("/taskDefinition/revision").asInt()).isEqualTo(highest + 1);
            }
        }
    }

    private static TreeSet<Integer> listRevisions(RawAwsJson http, String family) {
        TreeSet<Integer> revisions = new TreeSet<>();
        String token = null;
        do {
            String body = "{\"familyPrefix\":\"" + family + "\",\"maxResults\":100"
                    + (token == null ? "" : ",\"nextToken\":\"" + token + "\"") + "}";
            JsonNode page = http.ecs("ListTaskDefinitions", body).json();
            page.get("taskDefinitionArns").forEach(arn -> revisions.add(
                    Integer.parseInt(arn.asText().substring(arn.asText().lastIndexOf(':') + 1))));
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
        } while (token != null);
        return revisions;
    }

    private static int count(Map<String, Set<Integer>> acknowledged) {
        return acknowledged.values().stream().mapToInt(Set::size).sum();
    }

    private static String worker(String family) {
        return "{\"family\":\"" + family + "\",\"containerDefinitions\":[{\"name\":\"worker\",\"image\":\"busybox\","
                + "\"memory\":64,\"command\":[\"sh\",\"-c\",\"sleep 3600\"]}]}";
    }
}
