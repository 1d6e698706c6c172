package dev.berth.tests.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.tests.support.JsonMutator;
import dev.berth.tests.support.RawAwsJson;
import dev.berth.tests.support.RawAwsJson.Answer;
import dev.berth.tests.support.RunningBerth;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input gets a 4xx with a message that names the field, never a 5xx, never a half-written
 * record, and the process stays up.
 */
class BadInputTest {
    private static RunningBerth berth;
    private static RawAwsJson http;

    @BeforeAll
    static void start() {
        berth = RunningBerth.onSqlite();
        http = new RawAwsJson(berth.endpoint());
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON                | RegisterTaskDefinition | {"family": "web",                                   | 400 | SerializationException    | not valid JSON
            a body that is not an object  | RegisterTaskDefinition | ["family"]                                          | 400 | SerializationException    | must be a JSON object
            trailing garbage              | ListClusters           | {} {}                                               | 400 | SerializationException    | not valid JSON
            a string for a number         | ListClusters           | {"maxResults": "10"}                                | 400 | ClientException           | maxResults must be a whole number
            a number for a string         | RegisterTaskDefinition | {"family": 5, "containerDefinitions": []}           | 400 | ClientException           | family must be a string
            an object for a list          | RegisterTaskDefinition | {"family": "w", "containerDefinitions": {}}         | 400 | ClientException           | containerDefinitions must be a list
            a missing required member     | RegisterTaskDefinition | {"family": "web"}                                   | 400 | InvalidParameterException | containerDefinitions is required
            an empty body                 | RegisterTaskDefinition |                                                     | 400 | InvalidParameterException | family is required
            a value outside an enum       | ListTaskDefinitions    | {"status": "GONE"}                                  | 400 | InvalidParameterException | status must be one of ACTIVE, INACTIVE, DELETE_IN_PROGRESS
            maxResults out of range       | ListClusters           | {"maxResults": 1000}                                | 400 | InvalidParameterException | maxResults must be between 1 and 100
            a forged page token           | ListClusters           | {"nextToken": "bm90IG91cnM"}                        | 400 | InvalidParameterException | nextToken
            a bad cluster ARN             | DescribeClusters       | {"clusters": ["arn:aws:ecs:us-east-1:1:service/x"]} | 400 | InvalidParameterException | is not a cluster ARN
            a bare family to deregister   | DeregisterTaskDefinition | {"taskDefinition": "web"}                         | 400 | ClientException           | must name a revision
            a revision zero               | DescribeTaskDefinition | {"taskDefinition": "web:0"}                         | 400 | ClientException           | invalid revision number
            """)
    void badRequestsAreClientErrorsThatSayWhatIsWrong(String what, String operation, String body, int status,
                                                     String type, String message) {
        Answer answer = http.ecs(operation, body == null ? "" : body);

        assertThat(answer.status()).as(what).isEqualTo(status);
        assertThat(answer.json().get("__type").asText()).isEqualTo(type);
        assertThat(answer.json().get("message").asText()).contains(message);
    }

    @Test
    void outOfRangeValuesInsideTheDefinitionNameTheirField() throws Exception {
        ObjectNode definition = AwsCliTaskDefinitionTest.webApp("ranges");
        ((ObjectNode) definition.at("/containerDefinitions/1/healthCheck")).put("interval", 1);

        Answer answer = http.ecs("RegisterTaskDefinition", definition.toString());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("message").asText())
                .isEqualTo("containerDefinitions[1].healthCheck.interval must be between 5 and 300; got 1.");
    }

    @Test
    void unknownTargetsAndOperationsAreUnknownOperationException() {
        Answer unknownOperation = http.ecs("LaunchRockets", "{}");
        assertThat(unknownOperation.status()).isEqualTo(400);
        assertThat(unknownOperation.json().get("__type").asText()).isEqualTo("UnknownOperationException");

        Answer unknownService = http.post("NoSuchService_20990101.Anything", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(unknownService.status()).isEqualTo(400);
        assertThat(unknownService.json().get("__type").asText()).isEqualTo("UnknownOperationException");

        Answer notYet = http.ecs("CreateTaskSet", "{\"service\": \"web\", \"cluster\": \"default\", \"taskDefinition\": \"web\"}");
        assertThat(notYet.status()).isEqualTo(400);
        assertThat(notYet.json().get("message").asText()).contains("does not implement");
    }

    @Test
    void bodiesOverTheLimitAreRefusedWith413AndTheServerStaysUp() {
        byte[] huge = ("{\"family\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        Answer answer = http.post(RawAwsJson.ECS + ".RegisterTaskDefinition", huge);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("__type").asText()).isEqualTo("RequestEntityTooLargeException");
        assertThat(answer.json().get("message").asText()).contains("1048576 bytes");
        assertThat(http.ecs("ListClusters", "{}").status()).as("the server is still up").isEqualTo(200);
    }

    @Test
    void afterAnOversizedBodyTheSameConnectionServesTheNextRequest() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(berth.endpoint().getHost(), berth.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            byte[] huge = new byte[3 * 1024 * 1024];
            java.util.Arrays.fill(huge, (byte) ' ');
            out.write(head("RegisterTaskDefinition", huge.length));
            out.write(huge);
            out.write(head("ListClusters", 2));
            out.write("{}".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answers = readUntil(socket, "clusterArns");
            assertThat(answers).startsWith("HTTP/1.1 413").contains("RequestEntityTooLargeException")
                    .contains("HTTP/1.1 200").contains("cluster/default");
        }
    }

    @Test
    void anAbsurdDeclaredLengthIsRefusedWithoutReadingTheBody() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(berth.endpoint().getHost(), berth.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head("RegisterTaskDefinition", 50L * 1024 * 1024 * 1024));
            socket.getOutputStream().flush();

            assertThat(readUntil(socket, "}")).startsWith("HTTP/1.1 413").contains("connection: close");
        }
    }

    private static byte[] head(String operation, long contentLength) {
        return ("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: " + RawAwsJson.ECS + "." + operation
                + "\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String readUntil(java.net.Socket socket, String marker) throws java.io.IOException {
        StringBuilder received = new StringBuilder();
        byte[] buffer = new byte[8192];
        while (!received.toString().contains(marker)) {
            int read = socket.getInputStream().read(buffer);
            if (read < 0) {
                break;
            }
            received.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
        return received.toString();
    }

    @Test
    void deeplyNestedJsonIsRefusedNotAStackOverflow() {
        String nested = "{\"family\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

        Answer answer = http.ecs("RegisterTaskDefinition", nested);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("__type").asText()).isEqualTo("SerializationException");
    }

    @Test
    void tenThousandMutatedTaskDefinitionsNeverCauseA5xxNorChangeTheStoreWhenRefused() throws Exception {
        ObjectNode valid = AwsCliTaskDefinitionTest.webApp("mutant");
        Store store = berth.server().store();
        JsonMutator mutator = new JsonMutator(20261122L);
        TreeMap<Integer, Integer> statuses = new TreeMap<>();
        int accepted = 0;
        int storedBefore = store.list(ListQuery.all("ecs.task-definition", 100_000)).size();
        for (int i = 0; i < 10_000; i++) {
            ObjectNode mutant = mutator.mutate(valid);
            long indexBefore = store.currentIndex();

            Answer answer = http.ecs("RegisterTaskDefinition", mutant.toString());

            statuses.merge(answer.status(), 1, Integer::sum);
            String context = "mutant #" + i + ": " + mutant + "\n→ " + answer.status() + " " + answer.body();
            assertThat(answer.status()).as(context).isIn(200, 400);
            if (answer.status() == 200) {
                accepted++;
                assertThat(store.currentIndex()).as(context).isEqualTo(indexBefore + 1);
            } else {
                JsonNode error = answer.json();
                assertThat(error.get("__type").asText()).as(context)
                        .isIn("ClientException", "InvalidParameterException", "SerializationException");
                assertThat(error.get("message").asText()).as(context).isNotBlank();
                assertThat(store.currentIndex()).as("a refused request wrote nothing: " + context).isEqualTo(indexBefore);
            }
        }
        System.out.printf("10,000 mutated task definitions: %s (status → count); %d accepted%n", statuses, accepted);
        assertThat(statuses.getOrDefault(400, 0)).as("most mutations break a rule").isGreaterThan(5_000);
        List<Record> stored = store.list(ListQuery.all("ecs.task-definition", 100_000));
        assertThat(stored).as("exactly the accepted ones were stored").hasSize(storedBefore + accepted);
        assertThat(http.ecs("ListClusters", "{}").status()).isEqualTo(200);
    }
}
