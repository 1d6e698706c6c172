package dev.berth.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.id.IdGenerator;
import dev.berth.lb.config.ActionSpec;
import dev.berth.lb.config.Condition;
import dev.berth.lb.config.DataPlaneConfig;
import dev.berth.lb.config.HealthState;
import dev.berth.lb.config.ListenerSpec;
import dev.berth.lb.config.TargetGroupSpec;
import dev.berth.lb.config.TargetHealth;
import dev.berth.store.Store;
import dev.berth.store.sqlite.SqliteStore;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ELBv2 operations over a real SQLite store, called without HTTP, and the configuration they give the data plane. */
class ElbOperationsTest {
    private static final RequestContext CONTEXT = new RequestContext("r-1", "us-west-2", "000000000000", "AKID",
            Instant.parse("2026-11-22T10:00:00Z"));

    @TempDir
    Path directory;
    private Store store;
    private ElbApi api;

    @BeforeEach
    void open() {
        store = SqliteStore.open(directory.resolve("berth.db"));
        api = new ElbApi(store, IdGenerator.random(), ElbSettings.defaults(), config -> { });
    }

    @AfterEach
    void close() {
        api.close();
        store.close();
    }

    private JsonNode call(String operation, String input) {
        try {
            return api.operations().get(operation).invoke(CONTEXT, (ObjectNode) AwsJson.mapper().readTree(input));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String code(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e.code().type() + ": " + e.getMessage();
        }
        throw new AssertionError("no error");
    }

    private String group(String name) {
        return call("CreateTargetGroup", "{\"Name\":\"" + name + "\",\"Protocol\":\"HTTP\",\"Port\":8080,\"VpcId\":\"vpc-1\","
                + "\"TargetType\":\"ip\"}")
                .at("/TargetGroups/0/TargetGroupArn").asText();
    }

    private String balancer(String name) {
        return call("CreateLoadBalancer", "{\"Name\":\"" + name + "\"}").at("/LoadBalancers/0/LoadBalancerArn").asText();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String listener(String lb, int port, String group) {
        return call("CreateListener", "{\"LoadBalancerArn\":\"" + lb + "\",\"Protocol\":\"HTTP\",\"Port\":" + port
                + ",\"DefaultActions\":[{\"Type\":\"forward\",\"TargetGroupArn\":\"" + group + "\"}]}")
                .at("/Listeners/0/ListenerArn").asText();
    }

    private String rule(String listener, int priority, String path, String group) {
        return call("CreateRule", "{\"ListenerArn\":\"" + listener + "\",\"Priority\":" + priority + ",\"Conditions\":"
                + "[{\"Field\":\"path-pattern\",\"Values\":[\"" + path + "\"]}],\"Actions\":[{\"Type\":\"forward\","
                + "\"TargetGroupArn\":\"" + group + "\"}]}").at("/Rules/0/RuleArn").asText();
    }

    @Test
    void aTargetGroupGetsAlbDefaultsAndRefusesInconsistentHealthChecks() {
        JsonNode created = call("CreateTargetGroup", "{\"Name\":\"web\",\"Protocol\":\"HTTP\",\"Port\":80,\"VpcId\":\"v\"}")
                .at("/TargetGroups/0");

        assertThat(created.path("TargetGroupArn").asText()).matches(
                "arn:aws:elasticloadbalancing:us-west-2:000000000000:targetgroup/web/[0-9a-f]{16}");
        assertThat(created.path("HealthCheckIntervalSeconds").asInt()).isEqualTo(30);
        assertThat(created.path("HealthCheckTimeoutSeconds").asInt()).isEqualTo(5);
        assertThat(created.path("HealthyThresholdCount").asInt()).isEqualTo(5);
        assertThat(created.path("UnhealthyThresholdCount").asInt()).isEqualTo(2);
        assertThat(created.path("HealthCheckPath").asText()).isEqualTo("/");
        assertThat(created.path("HealthCheckPort").asText()).isEqualTo("traffic-port");
        assertThat(created.at("/Matcher/HttpCode").asText()).isEqualTo("200");
        assertThat(created.has("_attributes")).isFalse();
        assertThat(code(() -> call("CreateTargetGroup", "{\"Name\":\"x\",\"Protocol\":\"HTTP\",\"Port\":80,"
                + "\"HealthCheckIntervalSeconds\":5,\"HealthCheckTimeoutSeconds\":5}")))
                .isEqualTo("ValidationError: Health check timeout '5' must be smaller than the interval '5'");
        assertThat(code(() -> call("CreateTargetGroup", "{\"Name\":\"x\",\"Protocol\":\"HTTP\",\"Port\":80,"
                + "\"Matcher\":{\"HttpCode\":\"200-abc\"}}"))).startsWith("ValidationError: Matcher.HttpCode '200-abc'");
        assertThat(code(() -> call("CreateTargetGroup", "{\"Name\":\"web\",\"Protocol\":\"HTTP\",\"Port\":81}")))
                .isEqualTo("DuplicateTargetGroupName: A target group with the same name 'web' exists, but with different "
                        + "settings");
        assertThat(call("CreateTargetGroup", "{\"Name\":\"web\",\"Protocol\":\"HTTP\",\"Port\":80,\"VpcId\":\"v\"}")
                .at("/TargetGroups/0/TargetGroupArn").asText()).isEqualTo(created.path("TargetGroupArn").asText());
        assertThat(store.list(dev.berth.store.ListQuery.all(ElbKinds.TARGET_GROUP, 10))).hasSize(1);
    }

    @Test
    void aListenerHasADefaultRuleAndRulesKeepUniquePriorities() throws Exception {
        String web = group("web");
        String api = group("api");
        String lb = balancer("front");
        int port = freePort();
        String listener = listener(lb, port, web);
        String first = rule(listener, 10, "/api/*", api);
        String second = rule(listener, 20, "/v2/*", api);

        JsonNode rules = call("DescribeRules", "{\"ListenerArn\":\"" + listener + "\"}").path("Rules");
        assertThat(rules).extracting(rule -> rule.path("Priority").asText()).containsExactly("10", "20", "default");
        assertThat(rules.get(2).path("IsDefault").asBoolean()).isTrue();
        assertThat(rules.get(2).at("/Actions/0/ForwardConfig/TargetGroups/0/Weight").asInt()).isEqualTo(1);
        assertThat(code(() -> rule(listener, 10, "/x", api))).isEqualTo("PriorityInUse: Priority '10' is currently in use");
        assertThat(code(() -> call("DeleteRule", "{\"RuleArn\":\"" + rules.get(2).path("RuleArn").asText() + "\"}")))
                .startsWith("OperationNotPermitted");
        // swapping two priorities in one call is allowed; a clash with a third rule is not
        call("SetRulePriorities", "{\"RulePriorities\":[{\"RuleArn\":\"" + first + "\",\"Priority\":20},{\"RuleArn\":\""
                + second + "\",\"Priority\":10}]}");
        assertThat(call("DescribeRules", "{\"ListenerArn\":\"" + listener + "\"}").path("Rules").get(0).path("RuleArn")
                .asText()).isEqualTo(second);
        assertThat(code(() -> call("SetRulePriorities", "{\"RulePriorities\":[{\"RuleArn\":\"" + first
                + "\",\"Priority\":10}]}"))).startsWith("PriorityInUse");
        assertThat(call("DescribeLoadBalancers", "{}").at("/LoadBalancers/0/DNSName").asText()).isEqualTo("127.0.0.1:" + port);
        assertThat(listener(lb, port, web)).as("the same listener again").isEqualTo(listener);
        assertThat(code(() -> listener(lb, port, api))).startsWith("DuplicateListener");
        assertThat(code(() -> call("DeleteTargetGroup", "{\"TargetGroupArn\":\"" + api + "\"}")))
                .isEqualTo("ResourceInUse: Target group '" + api + "' is currently in use by a listener or a rule");
        String other = balancer("other");
        int otherPort = freePort();
        assertThat(code(() -> listener(other, otherPort, web))).startsWith("TargetGroupAssociationLimit");
        assertThat(call("DescribeTargetGroups", "{\"TargetGroupArns\":[\"" + web + "\"]}")
                .at("/TargetGroups/0/LoadBalancerArns/0").asText()).isEqualTo(lb);
    }

    @Test
    void aPortTheHostCannotBindIsRefusedWhenTheListenerIsCreated() throws Exception {
        String web = group("web");
        String lb = balancer("front");
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(code(() -> listener(lb, taken.getLocalPort(), web))).startsWith(
                    "InvalidConfigurationRequest: Berth cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        assertThat(call("DescribeListeners", "{\"LoadBalancerArn\":\"" + lb + "\"}").path("Listeners")).isEmpty();
    }

    @Test
    void actionsAndConditionsAreValidatedWithElbsRules() throws Exception {
        String web = group("web");
        String lb = balancer("front");
        String listener = listener(lb, freePort(), web);
        String prefix = "{\"ListenerArn\":\"" + listener + "\",\"Priority\":5,";

        assertThat(code(() -> call("CreateRule", prefix + "\"Conditions\":[{\"Field\":\"cookie\",\"Values\":[\"a\"]}],"
                + "\"Actions\":[{\"Type\":\"forward\",\"TargetGroupArn\":\"" + web + "\"}]}")))
                .startsWith("ValidationError: Condition field 'cookie' must be one of");
        assertThat(code(() -> call("CreateRule", prefix + "\"Conditions\":[{\"Field\":\"source-ip\",\"SourceIpConfig\":"
                + "{\"Values\":[\"10.0.0.0/99\"]}}],\"Actions\":[{\"Type\":\"forward\",\"TargetGroupArn\":\"" + web + "\"}]}")))
                .contains("'10.0.0.0/99' is not a CIDR block");
        assertThat(code(() -> call("CreateRule", prefix + "\"Conditions\":[{\"Field\":\"path-pattern\",\"Values\":[\"/a\"]}],"
                + "\"Actions\":[{\"Type\":\"fixed-response\",\"FixedResponseConfig\":{\"StatusCode\":\"200\","
                + "\"ContentType\":\"image/png\"}}]}"))).startsWith("InvalidLoadBalancerAction: The ContentType must be one of");
        assertThat(code(() -> call("CreateRule", prefix + "\"Conditions\":[{\"Field\":\"path-pattern\",\"Values\":[\"/a\"]}],"
                + "\"Actions\":[{\"Type\":\"redirect\",\"RedirectConfig\":{\"StatusCode\":\"HTTP_301\"}}]}")))
                .contains("must change at least one of Protocol, Host, Port or Path");
        assertThat(code(() -> call("CreateRule", prefix + "\"Conditions\":[{\"Field\":\"path-pattern\",\"Values\":[\"/a\"]}],"
                + "\"Actions\":[{\"Type\":\"forward\",\"TargetGroupArn\":\"" + web.replace("/web/", "/nope/") + "\"}]}")))
                .startsWith("TargetGroupNotFound");
        assertThat(call("DescribeRules", "{\"ListenerArn\":\"" + listener + "\"}").path("Rules")).hasSize(1);
    }

    @Test
    void targetsAreRegisteredDrainedAndDescribedAsElbDoes() throws Exception {
        String web = group("web");
        String idle = group("idle");
        listener(balancer("front"), freePort(), web);
        call("RegisterTargets", "{\"TargetGroupArn\":\"" + web + "\",\"Targets\":[{\"Id\":\"127.0.0.1\",\"Port\":9001}]}");
        call("RegisterTargets", "{\"TargetGroupArn\":\"" + idle + "\",\"Targets\":[{\"Id\":\"127.0.0.1\"}]}");

        assertThat(code(() -> call("RegisterTargets", "{\"TargetGroupArn\":\"" + web + "\",\"Targets\":[{\"Id\":\"i-0abc\"}]}")))
                .startsWith("InvalidTarget");
        JsonNode inUse = call("DescribeTargetHealth", "{\"TargetGroupArn\":\"" + web + "\"}").at("/TargetHealthDescriptions/0");
        assertThat(inUse.at("/TargetHealth/State").asText()).isEqualTo("initial");
        assertThat(inUse.at("/TargetHealth/Reason").asText()).isEqualTo("Elb.RegistrationInProgress");
        assertThat(inUse.at("/HealthCheckPort").asText()).isEqualTo("9001");
        assertThat(call("DescribeTargetHealth", "{\"TargetGroupArn\":\"" + idle + "\"}")
                .at("/TargetHealthDescriptions/0/TargetHealth/Reason").asText()).isEqualTo("Target.NotInUse");
        assertThat(call("DescribeTargetHealth", "{\"TargetGroupArn\":\"" + web + "\",\"Targets\":[{\"Id\":\"10.9.9.9\"}]}")
                .at("/TargetHealthDescriptions/0/TargetHealth/Reason").asText()).isEqualTo("Target.NotRegistered");

        api.dataPlaneListener().healthChanged(web, "127.0.0.1:9001", TargetHealth.HEALTHY);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> call("DescribeTargetHealth", "{\"TargetGroupArn\":\""
                + web + "\"}").at("/TargetHealthDescriptions/0/TargetHealth/State").asText().equals("healthy"));
        assertThat(call("DescribeTargetHealth", "{\"TargetGroupArn\":\"" + web + "\"}")
                .at("/TargetHealthDescriptions/0/TargetHealth").has("Reason")).isFalse();

        call("DeregisterTargets", "{\"TargetGroupArn\":\"" + web + "\",\"Targets\":[{\"Id\":\"127.0.0.1\",\"Port\":9001}]}");
        assertThat(call("DescribeTargetHealth", "{\"TargetGroupArn\":\"" + web + "\"}")
                .at("/TargetHealthDescriptions/0/TargetHealth/Reason").asText()).isEqualTo("Target.DeregistrationInProgress");
        api.dataPlaneListener().drained(web, "127.0.0.1:9001");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> call("DescribeTargetHealth", "{\"TargetGroupArn\":\""
                + web + "\"}").path("TargetHealthDescriptions").isEmpty());
    }

    @Test
    void theStoreBecomesTheDataPlanesConfiguration() throws Exception {
        String web = group("web");
        String api = group("api");
        call("ModifyTargetGroupAttributes", "{\"TargetGroupArn\":\"" + api + "\",\"Attributes\":[{\"Key\":"
                + "\"load_balancing.algorithm.type\",\"Value\":\"least_outstanding_requests\"},{\"Key\":"
                + "\"deregistration_delay.timeout_seconds\",\"Value\":\"10\"}]}");
        int port = freePort();
        String listener = listener(balancer("front"), port, web);
        rule(listener, 7, "/api/*", api);
        call("RegisterTargets", "{\"TargetGroupArn\":\"" + api + "\",\"Targets\":[{\"Id\":\"127.0.0.1\",\"Port\":9001}]}");

        DataPlaneConfig config = new LoadBalancing(store, ElbSettings.defaults(), c -> { }).read();

        ListenerSpec spec = config.listeners().get(0);
        assertThat(spec.port()).isEqualTo(port);
        assertThat(spec.bindHost()).isEqualTo("127.0.0.1");
        assertThat(spec.rules()).hasSize(2);
        assertThat(spec.rules().get(0).priority()).isEqualTo(7);
        assertThat(spec.rules().get(0).conditions()).containsExactly(new Condition.PathPattern(List.of("/api/*")));
        assertThat(spec.rules().get(0).action()).isEqualTo(ActionSpec.Forward.to(api));
        assertThat(spec.rules().get(1).isDefault()).isTrue();
        TargetGroupSpec group = config.targetGroups().get(api);
        assertThat(group.algorithm()).isEqualTo(TargetGroupSpec.Algorithm.LEAST_OUTSTANDING_REQUESTS);
        assertThat(group.deregistrationDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(group.healthCheck().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(group.targets()).singleElement().satisfies(target -> {
            assertThat(target.host()).isEqualTo("127.0.0.1");
            assertThat(target.port()).isEqualTo(9001);
            assertThat(target.draining()).isFalse();
            assertThat(target.lastKnown()).isEqualTo(HealthState.INITIAL);
        });
        assertThat(code(() -> call("ModifyTargetGroupAttributes", "{\"TargetGroupArn\":\"" + api + "\",\"Attributes\":"
                + "[{\"Key\":\"slow_start.duration_seconds\",\"Value\":\"60\"}]}")))
                .isEqualTo("InvalidConfigurationRequest: You cannot enable both slow start mode and least outstanding requests");
        assertThat(code(() -> call("ModifyTargetGroupAttributes", "{\"TargetGroupArn\":\"" + api + "\",\"Attributes\":"
                + "[{\"Key\":\"deregistration_delay.timeout_seconds\",\"Value\":\"4000\"}]}")))
                .isEqualTo("ValidationError: 'deregistration_delay.timeout_seconds' value '4000' must be between '0-3600' "
                        + "inclusive");
    }

    @Test
    void deletingALoadBalancerTakesItsListenersAndRulesAndIsIdempotent() throws Exception {
        String web = group("web");
        String lb = balancer("front");
        rule(listener(lb, freePort(), web), 3, "/a", web);

        call("DeleteLoadBalancer", "{\"LoadBalancerArn\":\"" + lb + "\"}");
        call("DeleteLoadBalancer", "{\"LoadBalancerArn\":\"" + lb + "\"}");

        assertThat(store.list(dev.berth.store.ListQuery.all(ElbKinds.RULE, 10))).isEmpty();
        assertThat(store.list(dev.berth.store.ListQuery.all(ElbKinds.LISTENER, 10))).isEmpty();
        assertThat(code(() -> call("DescribeLoadBalancers", "{\"LoadBalancerArns\":[\"" + lb + "\"]}")))
                .startsWith("LoadBalancerNotFound");
        call("DeleteTargetGroup", "{\"TargetGroupArn\":\"" + web + "\"}");
        assertThat(call("DescribeTargetGroups", "{}").path("TargetGroups")).isEmpty();
    }
}
