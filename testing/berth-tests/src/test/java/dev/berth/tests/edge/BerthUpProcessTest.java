package dev.berth.tests.edge;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import dev.berth.tests.support.BerthProcess;
import dev.berth.tests.support.DockerCli;
import dev.berth.tests.support.EcsTasks;
import dev.berth.tests.support.TestImages;
import java.time.Duration;
import dev.berth.tests.support.RawAwsJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth up} as a user runs it: what it prints, /health and /metrics, a clean stop on SIGTERM. */
class BerthUpProcessTest {
    @TempDir
    Path dataDir;

    @Test
    void startsPrintsHowToUseItServesHealthAndMetricsAndStopsCleanlyOnSigterm() throws Exception {
        BerthProcess berth = BerthProcess.up(dataDir);
        try {
            assertThat(String.join("\n", berth.output()))
                    .contains("aws ecs list-clusters --endpoint-url " + berth.endpoint())
                    .contains("store: sqlite " + dataDir.resolve("berth.db"));
            assertThat(berth.readyMillis()).isPositive();
            assertThat(Files.exists(dataDir.resolve("berth.db"))).isTrue();

            HttpClient client = HttpClient.newHttpClient();
            String health = get(client, berth.endpoint().resolve("/health"));
            assertThat(health).contains("\"status\":\"UP\"");
            new RawAwsJson(berth.endpoint()).ecs("ListClusters", "{}");
            String metrics = get(client, berth.endpoint().resolve("/metrics"));
            assertThat(metrics).contains("berth_api_requests_seconds_count{operation=\"ListClusters\"")
                    .contains("berth_store_change_index").contains("jvm_memory_used_bytes");

            int exit = berth.terminate();

            assertThat(exit).as("the JVM's exit status after SIGTERM").isEqualTo(143);
            assertThat(berth.output()).contains("berth: stopped");
        } finally {
            berth.close();
        }
    }

    @Test
    void itsOwnAgentJoinsTheDefaultClusterAndRunsTasksOnTheLocalDocker() throws Exception {
        TestImages.busybox();
        String instanceId = null;
        try (BerthProcess berth = BerthProcess.up(dataDir, "--pull-behavior", "PREFER_CACHED");
             EcsTasks ecs = new EcsTasks(berth.endpoint())) {
            assertThat(String.join("\n", berth.output())).contains("agent: runs tasks on Docker");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    !ecs.sdk().listContainerInstances(b -> b.cluster("default")).containerInstanceArns().isEmpty());
            String instanceArn = ecs.sdk().listContainerInstances(b -> b.cluster("default")).containerInstanceArns().get(0);
            instanceId = instanceArn.substring(instanceArn.lastIndexOf('/') + 1);
            String taskArn = ecs.run(ecs.register("""
                    {"family": "local", "containerDefinitions": [{"name": "main", "image": "%s", "memory": 16,
                      "command": ["sleep", "600"], "stopTimeout": 1}]}""".formatted(TestImages.BUSYBOX)));

            assertThat(ecs.awaitStatus(taskArn, "RUNNING").containerInstanceArn()).isEqualTo(instanceArn);
            ecs.sdk().stopTask(b -> b.task(taskArn));
            ecs.awaitStatus(taskArn, "STOPPED");
        } finally {
            if (instanceId != null) {
                DockerCli.removeLabelled("berth.instance", instanceId);
            }
        }
    }

    @Test
    void aSecondBerthOnTheSameDataDirectoryRefusesToStartAndSaysWhy() throws Exception {
        try (BerthProcess first = BerthProcess.up(dataDir)) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process second = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.berth.dist.Main",
                    "up", "--port", "0", "--data-dir", dataDir.toString()).redirectErrorStream(true).start();
            String output = new String(second.getInputStream().readAllBytes());
            assertThat(second.waitFor()).isEqualTo(1);
            assertThat(output).contains("cannot start").contains("in use by another Berth process");
        }
    }

    @Test
    void anUnreadableRegistryAuthFileIsAUsageErrorNamingTheOption() throws Exception {
        Path bad = dataDir.resolve("bad-config.json");
        Files.writeString(bad, "{\"auths\": {\"registry.example:5000\": {\"auth\": \"not base64!\"}}}");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process agent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.berth.dist.Main",
                "agent", "--server", "http://127.0.0.1:9", "--registry-auth-file", bad.toString())
                .redirectErrorStream(true).start();
        String output = new String(agent.getInputStream().readAllBytes());
        assertThat(agent.waitFor()).as("picocli's usage-error status").isEqualTo(2);
        assertThat(output).startsWith("--registry-auth-file " + bad + ": auths.registry.example:5000.auth is not base64")
                .doesNotContain("Exception");
    }

    private static String get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
