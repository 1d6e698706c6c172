package dev.berth.aws.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.aws.auth.AcceptAnyCredentials;
import dev.berth.aws.auth.SigV4Verifier;
import dev.berth.aws.json.AwsJson;
import dev.berth.aws.model.ValidationErrors;
import dev.berth.aws.protocol.AwsResponse;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.ElbErrors;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other side of the wire: the botocore that ships inside the AWS CLI on this machine (Debian's
 * awscli) parses Berth's XML and signs a form Berth must verify. Skipped where that botocore is
 * not installed.
 */
class QueryBotocoreTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path AWSCLI = Path.of("/usr/lib/python3/dist-packages/awscli");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;

    @BeforeAll
    static void needsTheCliBotocore() {
        // ./berth test installs Debian's awscli, whose botocore is the parser the real CLI uses.
        assertThat(Files.isExecutable(PYTHON) && Files.isDirectory(AWSCLI.resolve("botocore")))
                .as("the AWS CLI's botocore is not at " + AWSCLI + ": run ./berth test, or apt-get install awscli")
                .isTrue();
    }

    @Test
    void botocoreReadsTheResultAsTheCliWould() throws Exception {
        QueryService elbv2 = QueryService.builder("elbv2", errors())
                .operation("CreateLoadBalancer", (context, input) -> json("""
                        {"LoadBalancers":[{"LoadBalancerArn":"arn:lb","LoadBalancerName":"my <lb> & co",
                          "CreatedTime":1795334400.25,"State":{"Code":"active"},
                          "AvailabilityZones":[{"ZoneName":"a","LoadBalancerAddresses":[{"IpAddress":"10.0.0.1"}]},
                                               {"ZoneName":"b","LoadBalancerAddresses":[]}],
                          "SecurityGroups":[]}]}"""))
                .build();
        AwsResponse response = dispatcher(elbv2, null).dispatch(FormRequest.post(
                "Action=CreateLoadBalancer&Version=2015-12-01&Name=lb"));

        JsonNode parsed = parse("CreateLoadBalancer", response);

        assertThat(parsed.get("LoadBalancers")).isEqualTo(json("""
                [{"LoadBalancerArn":"arn:lb","LoadBalancerName":"my <lb> & co","CreatedTime":"2026-11-22T08:00:00.250000+00:00",
                  "State":{"Code":"active"},
                  "AvailabilityZones":[{"ZoneName":"a","LoadBalancerAddresses":[{"IpAddress":"10.0.0.1"}]},
                                       {"ZoneName":"b","LoadBalancerAddresses":[]}],
                  "SecurityGroups":[]}]"""));
        assertThat(parsed.at("/ResponseMetadata/RequestId").asText()).isEqualTo("01234567-89ab-cdef-0123-456789abcdef");
    }

    @Test
    void botocoreReadsEmptyResultsMapsNumbersAndBooleans() throws Exception {
        QueryService elbv2 = QueryService.builder("elbv2", errors())
                .operation("DeleteLoadBalancer", (context, input) -> null)
                .operation("DescribeRules", (context, input) -> json("""
                        {"Rules":[{"RuleArn":"arn:r","Priority":"default","IsDefault":true,"Conditions":[],
                          "Actions":[{"Type":"authenticate-oidc","Order":1,"AuthenticateOidcConfig":{"SessionTimeout":604800,
                            "AuthenticationRequestExtraParams":{"prompt":"login","display":"page"}}}]}],
                         "NextMarker":"m"}"""))
                .build();
        QueryDispatcher dispatcher = dispatcher(elbv2, null);

        JsonNode deleted = parse("DeleteLoadBalancer", dispatcher.dispatch(FormRequest.post(
                "Action=DeleteLoadBalancer&LoadBalancerArn=arn")));
        JsonNode rules = parse("DescribeRules", dispatcher.dispatch(FormRequest.post("Action=DescribeRules&ListenerArn=l")));

        assertThat(deleted.has("ResponseMetadata")).isTrue();
        assertThat(rules.get("Rules")).isEqualTo(json("""
                [{"RuleArn":"arn:r","Priority":"default","IsDefault":true,"Conditions":[],
                  "Actions":[{"Type":"authenticate-oidc","Order":1,"AuthenticateOidcConfig":{"SessionTimeout":604800,
                    "AuthenticationRequestExtraParams":{"prompt":"login","display":"page"}}}]}]"""));
        assertThat(rules.get("NextMarker").asText()).isEqualTo("m");
    }

    @Test
    void botocoreReadsTheErrorCodeAndMessage() throws Exception {
        QueryService elbv2 = QueryService.builder("elbv2", errors())
                .operation("DescribeTargetGroups", (context, input) -> {
                    throw new ApiException(ElbErrors.TARGET_GROUP_NOT_FOUND, "Target groups 'a&b' not found");
                })
                .build();

        JsonNode parsed = parse("DescribeTargetGroups", dispatcher(elbv2, null).dispatch(FormRequest.post(
                "Action=DescribeTargetGroups")));

        assertThat(parsed.at("/Error/Code").asText()).isEqualTo("TargetGroupNotFound");
        assertThat(parsed.at("/Error/Message").asText()).isEqualTo("Target groups 'a&b' not found");
        assertThat(parsed.at("/Error/Type").asText()).isEqualTo("Sender");
        assertThat(parsed.at("/ResponseMetadata/RequestId").asText()).isEqualTo("01234567-89ab-cdef-0123-456789abcdef");
    }

    @Test
    void aFormSignedByBotocoreVerifies() throws Exception {
        String form = "Action=CreateTargetGroup&Version=2015-12-01&Name=tg&Protocol=HTTP&Port=80&VpcId=vpc-1"
                + "&Matcher.HttpCode=200-299&Tags.member.1.Key=team&Tags.member.1.Value=a%20b%2Bc";
        Path body = Files.writeString(temp.resolve("body"), form);
        JsonNode signed = AwsJson.mapper().readTree(python("sign", "us-west-2", "elasticloadbalancing", body.toString()));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        signed.fields().forEachRemaining(header -> headers.add(Map.entry(header.getKey(), header.getValue().asText())));
        headers.add(Map.entry("Host", "localhost"));
        Instant signedAt = Instant.from(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .parse(signed.get("X-Amz-Date").asText()));
        List<JsonNode> received = new ArrayList<>();
        QueryService elbv2 = QueryService.builder("elbv2", errors())
                .operation("CreateTargetGroup", (context, input) -> {
                    received.add(input);
                    return null;
                })
                .build();
        SigV4Verifier verifier = new SigV4Verifier(Map.of("AKIDBERTHTEST", "berth-test-secret"),
                Clock.fixed(signedAt, ZoneOffset.UTC));

        AwsResponse ok = dispatcher(elbv2, verifier).dispatch(new FormRequest("POST", "/", "", headers,
                form.getBytes(StandardCharsets.UTF_8)));
        AwsResponse tampered = dispatcher(elbv2, verifier).dispatch(new FormRequest("POST", "/", "", headers,
                form.replace("Port=80", "Port=81").getBytes(StandardCharsets.UTF_8)));

        assertThat(ok.status()).isEqualTo(200);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).at("/Tags/0/Value").asText()).isEqualTo("a b+c");
        assertThat(tampered.status()).isEqualTo(403);
        assertThat(new String(tampered.body(), StandardCharsets.UTF_8)).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    private static ValidationErrors errors() {
        return new ValidationErrors(ElbErrors.VALIDATION, ElbErrors.VALIDATION);
    }

    private static QueryDispatcher dispatcher(QueryService service, SigV4Verifier verifier) {
        return new QueryDispatcher(List.of(service), verifier != null ? verifier
                : new AcceptAnyCredentials("us-east-1"), "000000000000", CLOCK,
                () -> "0123456789abcdef0123456789abcdef", (s, o, status, nanos) -> { });
    }

    private JsonNode parse(String operation, AwsResponse response) throws Exception {
        Path xml = Files.write(temp.resolve(operation + ".xml"), response.body());
        return AwsJson.mapper().readTree(python("parse", resource("/dev/berth/aws/models/elbv2.json"), operation,
                Integer.toString(response.status()), xml.toString()));
    }

    private static String python(String... arguments) throws IOException, InterruptedException, URISyntaxException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), resource("/dev/berth/aws/query/botocore_query.py")));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PYTHONPATH", AWSCLI.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String resource(String name) throws URISyntaxException {
        return Path.of(QueryBotocoreTest.class.getResource(name).toURI()).toString();
    }

    private static JsonNode json(String text) {
        try {
            return AwsJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
