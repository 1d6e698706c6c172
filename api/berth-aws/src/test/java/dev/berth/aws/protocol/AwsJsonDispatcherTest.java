package dev.berth.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.aws.auth.AcceptAnyCredentials;
import dev.berth.aws.json.AwsJson;
import dev.berth.aws.model.ServiceModel;
import dev.berth.aws.model.ValidationErrors;
import dev.berth.domain.error.EcsErrors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The awsJson pipeline without HTTP: routing, context, error encoding, the fault barrier. */
class AwsJsonDispatcherTest {
    private final List<String> observed = new ArrayList<>();
    private final AwsJsonDispatcher dispatcher = new AwsJsonDispatcher(List.of(JsonService
            .builder(ServiceModel.load("ecs"), new ValidationErrors(EcsErrors.CLIENT, EcsErrors.INVALID_PARAMETER))
            .operation("ListClusters", (context, input) -> AwsJson.mapper().createObjectNode()
                    .put("region", context.region()).put("at", context.receivedAt().toString())
                    .put("requestId", context.requestId()))
            .operation("DeleteCluster", (context, input) -> {
                throw new IllegalStateException("secret internal detail");
            })
            .build()), new AcceptAnyCredentials("us-east-1"), "000000000000",
            Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC), () -> "0123456789abcdef0123456789abcdef",
            (service, operation, status, nanos) -> observed.add(operation + " " + status));

    @Test
    void routesByTargetAndGivesTheOperationTheCallersRegionAndTheTime() throws Exception {
        AwsResponse response = dispatcher.dispatch(request("AmazonEC2ContainerServiceV20141113.ListClusters",
                "AWS4-HMAC-SHA256 Credential=AK/20261122/ap-south-1/ecs/aws4_request, SignedHeaders=host, Signature=x", "{}"));

        JsonNode body = AwsJson.mapper().readTree(response.body());
        assertThat(response.status()).isEqualTo(200);
        assertThat(body.get("region").asText()).isEqualTo("ap-south-1");
        assertThat(body.get("at").asText()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(response.headers()).containsEntry("x-amzn-RequestId", "01234567-89ab-cdef-0123-456789abcdef")
                .containsEntry("Content-Type", "application/x-amz-json-1.1");
        assertThat(observed).containsExactly("ListClusters 200");
    }

    @Test
    void anUnexpectedFailureIsA500ThatRevealsNothingInternal() throws Exception {
        AwsResponse response = dispatcher.dispatch(request("AmazonEC2ContainerServiceV20141113.DeleteCluster", null,
                "{\"cluster\":\"x\"}"));

        assertThat(response.status()).isEqualTo(500);
        JsonNode body = AwsJson.mapper().readTree(response.body());
        assertThat(body.get("__type").asText()).isEqualTo("InternalFailure");
        assertThat(body.get("message").asText()).doesNotContain("secret").contains("01234567-89ab");
    }

    @Test
    void operationsOfTheModelNotBuiltYetSaySo() throws Exception {
        AwsResponse response = dispatcher.dispatch(request("AmazonEC2ContainerServiceV20141113.RunTask", null, "{}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .contains("UnknownOperationException").contains("Berth does not implement AmazonEC2ContainerServiceV20141113.RunTask yet");
        assertThat(observed).containsExactly("RunTask 400");
    }

    private static HttpRequestView request(String target, String authorization, String body) {
        Map<String, String> headers = authorization == null ? Map.of("X-Amz-Target", target)
                : Map.of("X-Amz-Target", target, "Authorization", authorization);
        return new HttpRequestView() {
            @Override public String method() { return "POST"; }
            @Override public String path() { return "/"; }
            @Override public String rawQuery() { return ""; }
            @Override public String header(String name) {
                return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                        .findFirst().orElse(null);
            }
            @Override public List<Map.Entry<String, String>> headers() { return List.copyOf(headers.entrySet()); }
            @Override public byte[] body() { return body.getBytes(StandardCharsets.UTF_8); }
        };
    }
}
