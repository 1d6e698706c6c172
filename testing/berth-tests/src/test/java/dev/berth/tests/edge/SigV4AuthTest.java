package dev.berth.tests.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.tests.support.AwsCli;
import dev.berth.tests.support.RawAwsJson;
import dev.berth.tests.support.RunningBerth;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With auth on, the real CLI's SigV4 signatures are verified against the configured keys. */
class SigV4AuthTest {
    private static RunningBerth berth;
    private static AwsCli aws;

    @BeforeAll
    static void start() {
        berth = RunningBerth.withCredentials(Map.of("AKIDBERTHOPS", "correct-horse-battery-staple"));
        aws = new AwsCli(berth.endpoint(), "eu-central-1");
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    @Test
    void theRightKeyIsAcceptedAndTheRegionComesFromItsScope() {
        AwsCli.Result result = aws.withKeys("AKIDBERTHOPS", "correct-horse-battery-staple").run("ecs", "list-clusters");

        assertThat(result.ok().get("clusterArns").get(0).asText())
                .isEqualTo("arn:aws:ecs:eu-central-1:000000000000:cluster/default");
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        AwsCli.Result result = aws.withKeys("AKIDBERTHOPS", "wrong-secret").run("ecs", "list-clusters");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("(InvalidSignatureException)");
    }

    @Test
    void anUnknownKeyIsAnUnrecognizedClient() {
        AwsCli.Result result = aws.withKeys("AKIDSTRANGER", "correct-horse-battery-staple").run("ecs", "list-clusters");

        assertThat(result.stderr()).contains("(UnrecognizedClientException)");
    }

    @Test
    void anUnsignedRequestIsRefused() {
        RawAwsJson.Answer answer = new RawAwsJson(berth.endpoint()).ecs("ListClusters", "{}");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("__type").asText()).isEqualTo("MissingAuthenticationTokenException");
    }

    @Test
    void aSignedRequestWithABodyIsVerifiedOverItsPayload() {
        AwsCli.Result result = aws.withKeys("AKIDBERTHOPS", "correct-horse-battery-staple").run("ecs", "register-task-definition",
                "--family", "signed", "--container-definitions",
                "[{\"name\":\"web\",\"image\":\"busybox\",\"memory\":32,\"environment\":[{\"name\":\"GREETING\",\"value\":\"héllo wörld\"}]}]");

        assertThat(result.ok().at("/taskDefinition/revision").asInt()).isEqualTo(1);
    }
}
