package dev.berth.tests.lb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.ecs.EcsSettings;
import dev.berth.tests.support.AwsCli;
import dev.berth.tests.support.BerthProcess;
import dev.berth.tests.support.DockerCli;
import dev.berth.tests.support.EcsServices;
import dev.berth.tests.support.LoadBalancers;
import dev.berth.tests.support.RunningBerth;
import dev.berth.tests.support.TestImages;
import dev.berth.tests.support.Wrk;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Berth's load balancer end to end, driven with {@code aws elbv2} and {@code aws ecs} as the
 * runbooks drive an ALB: services behind path and host rules, health transitions, draining while
 * slow requests finish, weighted forwarding, and the zero-downtime proofs with wrk through a
 * rolling deployment, an agent restart and a {@code docker kill}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancerTest {
    private static final Duration DEPLOY = Duration.ofSeconds(120);
    private static RunningBerth berth;
    private static EcsServices ecs;
    private static LoadBalancers elb;

    @BeforeAll
    static void start() {
        // An agent restart under full load can take several seconds on 2 cores: the fast test
        // timings (4 s) would declare the agent lost and its tasks stopped, which is not the case tested.
        berth = RunningBerth.withAgent(new EcsSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofHours(24)), Map.of());
        ecs = new EcsServices(berth.endpoint());
        elb = new LoadBalancers(berth.endpoint());
    }

    @AfterAll
    static void stop() {
        if (ecs != null) {
            ecs.close();
        }
        if (berth != null) {
            berth.close();
        }
    }

    static String suffix() {
        return Long.toHexString(System.nanoTime()).substring(4);
    }

    /**
     * A web server (busybox httpd on 8080, a dynamic host port) that answers {@code body} at
     * {@code /} and {@code /backend/}, {@code ok} at {@code /health}, and after 3 s at
     * {@code /cgi-bin/slow}; it exits at once on SIGTERM.
     */
    static String webServer(String family, String body) {
        String script = "mkdir -p /www/cgi-bin /www/backend && echo " + body + " > /www/index.html && echo " + body
                + " > /www/backend/index.html && echo ok > /www/health && printf '#!/bin/sh\\necho Content-Type: text/plain\\n"
                + "echo\\nsleep 3\\necho slow-" + body + "\\n' > /www/cgi-bin/slow && chmod +x /www/cgi-bin/slow && "
                + "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait";
        return """
                {"family": "%s", "networkMode": "bridge", "containerDefinitions": [{"name": "web", "image": "%s",
                  "memory": 32, "stopTimeout": 2, "portMappings": [{"containerPort": 8080, "hostPort": 0}],
                  "command": ["sh", "-c", "%s"]}]}""".formatted(family, TestImages.BUSYBOX, script.replace("\"", "\\\""));
    }

    /** A service of {@code count} web servers behind {@code targetGroupArn}. */
    static String service(String name, String body, int count, String targetGroupArn, String... extra) {
        String definition = ecs.register(webServer(name, body));
        List<String> arguments = new java.util.ArrayList<>(List.of("create-service", "--service-name", name,
                "--task-definition", definition, "--desired-count", Integer.toString(count), "--load-balancers",
                "targetGroupArn=" + targetGroupArn + ",containerName=web,containerPort=8080", "--deployment-configuration",
                "maximumPercent=200,minimumHealthyPercent=100"));
        arguments.addAll(List.of(extra));
        ecs.ecs(arguments.toArray(String[]::new));
        return definition;
    }

    static void awaitInService(String targetGroupArn, int count) {
        Awaitility.await().atMost(DEPLOY).pollInterval(Duration.ofMillis(500)).alias("targets in service")
                .until(() -> {
                    List<String> states = elb.states(targetGroupArn);
                    return states.size() == count && states.stream().allMatch("healthy"::equals);
                });
    }

    private static void deleteService(String name) {
        ecs.aws().run("ecs", "delete-service", "--service", name, "--force");
    }

    @Test
    @Order(1)
    void pathAndHostRulesRouteToTheirServicesAndTheCliSeesEverything() {
        String s = suffix();
        String web = elb.targetGroup("web-" + s, "/health");
        String api = elb.targetGroup("api-" + s, "/health");
        String lb = elb.loadBalancer("lb-" + s);
        int port = BerthProcess.freePort();
        String listener = elb.listener(lb, port, web);
        elb.elbv2("create-rule", "--listener-arn", listener, "--priority", "10", "--conditions",
                "Field=path-pattern,Values=/backend/*", "--actions", "Type=forward,TargetGroupArn=" + api);
        elb.elbv2("create-rule", "--listener-arn", listener, "--priority", "20", "--conditions",
                "Field=host-header,Values=api.example.com", "--actions", "Type=forward,TargetGroupArn=" + api);
        service("web-" + s, "web-" + s, 1, web);
        service("api-" + s, "api-" + s, 1, api);

        ecs.awaitStable("web-" + s, DEPLOY);
        ecs.awaitStable("api-" + s, DEPLOY);
        AwsCli.Result waited = elb.aws().run("elbv2", "wait", "target-in-service", "--target-group-arn", api);

        assertThat(waited.exitCode()).as(waited.stderr()).isZero();
        assertThat(elb.get(port, "/").body()).isEqualTo("web-" + s + "\n");
        assertThat(elb.get(port, "/backend/").body()).isEqualTo("api-" + s + "\n");
        assertThat(elb.getAsHost(port, "/", "api.example.com")).isEqualTo("api-" + s + "\n");
        JsonNode described = elb.elbv2("describe-load-balancers", "--names", "lb-" + s).at("/LoadBalancers/0");
        assertThat(described.path("DNSName").asText()).isEqualTo("127.0.0.1:" + port);
        assertThat(described.at("/State/Code").asText()).isEqualTo("active");
        JsonNode rules = elb.elbv2("describe-rules", "--listener-arn", listener).path("Rules");
        assertThat(rules).hasSize(3);
        assertThat(rules.get(2).path("IsDefault").asBoolean()).isTrue();
        assertThat(rules.get(2).path("Priority").asText()).isEqualTo("default");
        JsonNode group = elb.elbv2("describe-target-groups", "--target-group-arns", api).at("/TargetGroups/0");
        assertThat(group.path("LoadBalancerArns").get(0).asText()).isEqualTo(lb);
        JsonNode target = elb.elbv2("describe-target-health", "--target-group-arn", api)
                .at("/TargetHealthDescriptions/0");
        Task task = ecs.tasksOf("api-" + s).get(0);
        int hostPort = task.containers().get(0).networkBindings().get(0).hostPort();
        assertThat(target.at("/Target/Port").asInt()).isEqualTo(hostPort);
        assertThat(target.at("/HealthCheckPort").asText()).isEqualTo(Integer.toString(hostPort));
        assertThat(ecs.events("api-" + s)).anyMatch(event -> event.contains("registered 1 targets in (target-group " + api));

        AwsCli.Result inUse = elb.aws().run("elbv2", "delete-target-group", "--target-group-arn", api);
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.stderr()).contains("ResourceInUse").contains("is currently in use by a listener or a rule");
        AwsCli.Result notFound = elb.aws().run("elbv2", "describe-target-health", "--target-group-arn",
                api.replace("/api-", "/nope-"));
        assertThat(notFound.stderr()).contains("TargetGroupNotFound");
        deleteService("web-" + s);
        deleteService("api-" + s);
    }

    @Test
    @Order(2)
    void healthChecksFollowTheTargetAndAnUnhealthyTaskIsReplaced() {
        String s = suffix();
        String group = elb.targetGroup("hc-" + s, "/health");
        String lb = elb.loadBalancer("hc-" + s);
        int port = BerthProcess.freePort();
        elb.listener(lb, port, group);
        // the grace period keeps ECS from replacing the task at once, so the unhealthy target can be seen
        service("hc-" + s, "hc-" + s, 1, group, "--health-check-grace-period-seconds", "40");
        awaitInService(group, 1);
        Task task = ecs.tasksOf("hc-" + s).get(0);
        String container = DockerCli.containerOf(task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1));

        DockerCli.run("exec", container, "rm", "/www/health");

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                elb.elbv2("describe-target-health", "--target-group-arn", group).path("TargetHealthDescriptions")
                        .findValuesAsText("Reason").contains("Target.ResponseCodeMismatch"));
        JsonNode health = elb.elbv2("describe-target-health", "--target-group-arn", group)
                .at("/TargetHealthDescriptions/0/TargetHealth");
        assertThat(health.path("Description").asText()).isEqualTo("Health checks failed with these codes: [404]");
        // ECS replaces a task whose target fails its health checks, and the replacement serves.
        Awaitility.await().atMost(DEPLOY).pollInterval(Duration.ofMillis(500)).until(() ->
                ecs.events("hc-" + s).stream().anyMatch(event -> event.contains("is unhealthy in (target-group " + group)));
        Task replaced = ecs.sdk().describeTasks(b -> b.tasks(task.taskArn())).tasks().get(0);
        assertThat(replaced.stoppedReason()).isEqualTo("Task failed ELB health checks in (target-group " + group + ")");
        awaitInService(group, 1);
        assertThat(elb.get(port, "/").statusCode()).isEqualTo(200);
        assertThat(ecs.tasksOf("hc-" + s)).extracting(Task::taskArn).doesNotContain(task.taskArn());
        deleteService("hc-" + s);
    }

    @Test
    @Order(3)
    void aDeregisteredTargetFinishesItsSlowRequestWhileNewOnesGoElsewhere() throws Exception {
        String s = suffix();
        String group = elb.targetGroup("dr-" + s, "/health");
        elb.attributes(group, "deregistration_delay.timeout_seconds", "60");
        String lb = elb.loadBalancer("dr-" + s);
        int port = BerthProcess.freePort();
        elb.listener(lb, port, group);
        service("dr-" + s, "dr-" + s, 2, group);
        awaitInService(group, 2);
        JsonNode targets = elb.elbv2("describe-target-health", "--target-group-arn", group).path("TargetHealthDescriptions");

        // Six slow requests (3 s each): round robin gives each target some of them.
        List<CompletableFuture<HttpResponse<String>>> slow = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            slow.add(CompletableFuture.supplyAsync(() -> elb.get(port, "/cgi-bin/slow")));
        }
        Thread.sleep(500);
        JsonNode first = targets.get(0).path("Target");
        elb.elbv2("deregister-targets", "--target-group-arn", group, "--targets", "Id=" + first.path("Id").asText()
                + ",Port=" + first.path("Port").asInt());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> elb.elbv2("describe-target-health",
                "--target-group-arn", group).path("TargetHealthDescriptions").findValuesAsText("State").contains("draining"));
        for (int i = 0; i < 10; i++) {
            assertThat(elb.get(port, "/").statusCode()).isEqualTo(200);
        }
        for (CompletableFuture<HttpResponse<String>> request : slow) {
            assertThat(request.get().statusCode()).isEqualTo(200);
            assertThat(request.get().body()).startsWith("slow-dr-");
        }
        // drained: once nothing is in flight, the target goes, well before the 60 s delay
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> elb.states(group).size() == 1);
        deleteService("dr-" + s);
    }

    @Test
    @Order(4)
    void aWeightedForwardSplitsTrafficBetweenBlueAndGreen() {
        String s = suffix();
        String blue = elb.targetGroup("blue-" + s, "/health");
        String green = elb.targetGroup("green-" + s, "/health");
        String lb = elb.loadBalancer("bg-" + s);
        int port = BerthProcess.freePort();
        elb.elbv2("create-listener", "--load-balancer-arn", lb, "--protocol", "HTTP", "--port", Integer.toString(port),
                "--default-actions", "[{\"Type\":\"forward\",\"ForwardConfig\":{\"TargetGroups\":[{\"TargetGroupArn\":\""
                        + blue + "\",\"Weight\":3},{\"TargetGroupArn\":\"" + green + "\",\"Weight\":1}]}}]");
        service("blue-" + s, "blue", 1, blue);
        service("green-" + s, "green", 1, green);
        awaitInService(blue, 1);
        awaitInService(green, 1);

        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            seen.merge(elb.get(port, "/").body().trim(), 1, Integer::sum);
        }

        assertThat(seen.keySet()).containsExactlyInAnyOrder("blue", "green");
        assertThat(seen.get("blue")).isBetween(240, 360);
        deleteService("blue-" + s);
        deleteService("green-" + s);
    }

    @Test
    @Order(5)
    void badRequestsGetClearAnswersAndTheListenerKeepsServing() throws Exception {
        String s = suffix();
        String empty = elb.targetGroup("empty-" + s, "/health");
        String lb = elb.loadBalancer("bad-" + s);
        int port = BerthProcess.freePort();
        elb.listener(lb, port, empty);
        elb.elbv2("create-rule", "--listener-arn", elb.elbv2("describe-listeners", "--load-balancer-arn", lb)
                        .at("/Listeners/0/ListenerArn").asText(), "--priority", "5", "--conditions",
                "Field=path-pattern,Values=/fixed", "--actions",
                "Type=fixed-response,FixedResponseConfig={StatusCode=418,ContentType=text/plain,MessageBody=teapot}");

        HttpResponse<String> unavailable = elb.get(port, "/");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.body()).contains("empty-" + s);
        assertThat(raw(port, "GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw(port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431");
        HttpResponse<String> fixed = elb.get(port, "/fixed");
        assertThat(fixed.statusCode()).isEqualTo(418);
        assertThat(fixed.body()).isEqualTo("teapot");
    }

    private static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[64];
            int read = in.read(head);
            return read < 0 ? "" : new String(head, 0, read, StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    @Order(6)
    void aRollingDeploymentAndAnAgentRestartDropNoRequest() {
        String s = suffix();
        String group = elb.targetGroup("zd-" + s, "/health");
        elb.attributes(group, "deregistration_delay.timeout_seconds", "30");
        String lb = elb.loadBalancer("zd-" + s);
        int port = BerthProcess.freePort();
        elb.listener(lb, port, group);
        service("zd-" + s, "zd-" + s, 4, group);
        ecs.awaitStable("zd-" + s, DEPLOY);
        awaitInService(group, 4);
        String v2 = ecs.register(webServer("zd-" + s, "v2-" + s));

        Wrk.Summary deploy;
        try (Wrk wrk = Wrk.start("http://127.0.0.1:" + port + "/", 16, 45)) {
            ecs.ecs("update-service", "--service", "zd-" + s, "--task-definition", v2);
            ecs.awaitStable("zd-" + s, DEPLOY);
            deploy = wrk.await();
        }
        System.out.printf("rolling deployment under wrk: %d requests, %d non-2xx, %d socket errors%n", deploy.requests(),
                deploy.non2xx(), deploy.socketErrors());
        assertThat(deploy.requests()).isGreaterThan(1000);
        assertThat(deploy.non2xx()).as(deploy.output()).isZero();
        assertThat(deploy.socketErrors()).as(deploy.output()).isZero();
        assertThat(elb.get(port, "/").body()).isEqualTo("v2-" + s + "\n");

        Wrk.Summary restart;
        long restartMillis;
        try (Wrk wrk = Wrk.start("http://127.0.0.1:" + port + "/", 16, 15)) {
            long started = System.nanoTime();
            berth.restartAgent();
            restartMillis = (System.nanoTime() - started) / 1_000_000;
            restart = wrk.await();
        }
        System.out.printf("agent restart (%d ms) under wrk: %d requests, %d non-2xx, %d socket errors%n", restartMillis,
                restart.requests(), restart.non2xx(), restart.socketErrors());
        assertThat(restart.requests()).isGreaterThan(500);
        assertThat(restart.non2xx()).as(restart.output()).isZero();
        assertThat(restart.socketErrors()).as(restart.output()).isZero();
        assertThat(ecs.tasksOf("zd-" + s)).hasSize(4);
        deleteService("zd-" + s);
    }

    @Test
    @Order(7)
    void killingOneTargetCostsAtMostTheRequestsItHadInFlight() {
        String s = suffix();
        String group = elb.targetGroup("kill-" + s, "/health");
        String lb = elb.loadBalancer("kill-" + s);
        int port = BerthProcess.freePort();
        elb.listener(lb, port, group);
        service("kill-" + s, "kill-" + s, 3, group);
        awaitInService(group, 3);
        Task victim = ecs.tasksOf("kill-" + s).get(0);

        Wrk.Summary summary;
        try (Wrk wrk = Wrk.start("http://127.0.0.1:" + port + "/", 8, 12)) {
            sleep(3000);
            DockerCli.run("kill", DockerCli.containerOf(victim.taskArn().substring(victim.taskArn().lastIndexOf('/') + 1)));
            summary = wrk.await();
        }

        System.out.printf("docker kill under wrk: %d requests, %d non-2xx, %d socket errors%n", summary.requests(),
                summary.non2xx(), summary.socketErrors());
        // Requests that could not connect were retried on another target; only those the killed
        // server had already accepted can fail: at most one per connection.
        assertThat(summary.requests()).isGreaterThan(500);
        assertThat(summary.non2xx() + summary.socketErrors()).as(summary.output()).isLessThanOrEqualTo(8);
        deleteService("kill-" + s);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
