package dev.berth.aws.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.aws.protocol.HttpRequestView;
import dev.berth.domain.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example of AWS's SigV4 documentation ("Create a signed AWS API request"): an IAM ListUsers
 * GET signed with the documentation's example key. The expected signature is the one published.
 */
class SigV4VerifierTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String PUBLISHED_SIGNATURE = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    private static final Clock THEN = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);

    private static HttpRequestView documentedRequest(String signature, String date) {
        String authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=" + signature;
        List<Map.Entry<String, String>> headers = List.of(
                Map.entry("Host", "iam.amazonaws.com"),
                Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                Map.entry("X-Amz-Date", date),
                Map.entry("Authorization", authorization));
        return new HttpRequestView() {
            @Override public String method() { return "GET"; }
            @Override public String path() { return "/"; }
            @Override public String rawQuery() { return "Action=ListUsers&Version=2010-05-08"; }
            @Override public List<Map.Entry<String, String>> headers() { return headers; }
            @Override public byte[] body() { return "".getBytes(StandardCharsets.UTF_8); }
            @Override public String header(String name) {
                return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                        .findFirst().orElse(null);
            }
        };
    }

    @Test
    void acceptsThePublishedSignatureOfTheDocumentationExample() {
        SigV4Verifier verifier = new SigV4Verifier(Map.of("AKIDEXAMPLE", SECRET), THEN);

        Principal principal = verifier.authenticate(documentedRequest(PUBLISHED_SIGNATURE, "20150830T123600Z"), "iam");

        assertThat(principal).isEqualTo(new Principal("AKIDEXAMPLE", "us-east-1"));
    }

    @Test
    void refusesAnyOtherSignature() {
        SigV4Verifier verifier = new SigV4Verifier(Map.of("AKIDEXAMPLE", SECRET), THEN);
        String tampered = PUBLISHED_SIGNATURE.substring(0, 63) + "8";

        assertThatThrownBy(() -> verifier.authenticate(documentedRequest(tampered, "20150830T123600Z"), "iam"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code().type()).isEqualTo("InvalidSignatureException"));
    }

    @Test
    void refusesASignatureOlderThanFifteenMinutes() {
        SigV4Verifier verifier = new SigV4Verifier(Map.of("AKIDEXAMPLE", SECRET),
                Clock.fixed(Instant.parse("2015-08-30T12:52:00Z"), ZoneOffset.UTC));

        assertThatThrownBy(() -> verifier.authenticate(documentedRequest(PUBLISHED_SIGNATURE, "20150830T123600Z"), "iam"))
                .hasMessageContaining("Signature expired");
    }

    @Test
    void refusesAnUnknownAccessKey() {
        SigV4Verifier verifier = new SigV4Verifier(Map.of("AKIDOTHER", SECRET), THEN);

        assertThatThrownBy(() -> verifier.authenticate(documentedRequest(PUBLISHED_SIGNATURE, "20150830T123600Z"), "iam"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code().type()).isEqualTo("UnrecognizedClientException"));
    }

    @Test
    void parsesTheCredentialScope() {
        SigV4Authorization auth = SigV4Authorization.parse("AWS4-HMAC-SHA256 Credential=AK/20261122/eu-west-3/ecs/aws4_request, "
                + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc").orElseThrow();

        assertThat(auth.region()).isEqualTo("eu-west-3");
        assertThat(auth.service()).isEqualTo("ecs");
        assertThat(auth.signedHeaders()).containsExactly("host", "x-amz-date", "x-amz-target");
        assertThatThrownBy(() -> SigV4Authorization.parse("AWS4-HMAC-SHA256 Credential=AK/20261122/ecs"))
                .hasMessageContaining("requires 'Credential', 'SignedHeaders' and 'Signature'");
    }

    @Test
    void withAuthOffAnyCredentialsWorkAndTheRegionIsStillRead() {
        AcceptAnyCredentials open = new AcceptAnyCredentials("us-east-1");

        assertThat(open.authenticate(documentedRequest("garbage", "20990101T000000Z"), "iam").region()).isEqualTo("us-east-1");
    }
}
