package dev.berth.lb.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.berth.lb.config.HealthCheckSpec;
import dev.berth.lb.config.HealthState;
import dev.berth.lb.config.TargetGroupSpec;
import dev.berth.lb.config.TargetHealth;
import dev.berth.lb.config.TargetSpec;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckerTest {
    private static final String GROUP = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/1";
    private static final Duration INTERVAL = Duration.ofMillis(150);
    private static final Duration TIMEOUT = Duration.ofMillis(100);
    private static final Duration QUIET = Duration.ofMillis(700);

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final HealthChecker checker = new HealthChecker(loops, this::record);
    /** Read when a report arrives: how many responses the backend had given at that moment. */
    private volatile Backend watched;

    @AfterEach
    void tearDown() throws Exception {
        checker.close();
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aNewTargetIsRegisteringThenHealthy() throws IOException {
        Backend backend = backend();
        TargetSpec target = target(backend.port());

        checker.apply(groups(group(spec("/", "200", 3, 2), target)), Set.of(GROUP));

        await().atMost(Duration.ofSeconds(10)).until(() -> healths(target).size() == 2);
        assertThat(healths(target)).containsExactly(TargetHealth.REGISTERING, TargetHealth.HEALTHY);
    }

    @Test
    void aFailingTargetTurnsUnhealthyAfterExactlyTheUnhealthyThreshold() throws IOException {
        Backend backend = backend();
        TargetSpec target = target(backend.port());
        checker.apply(groups(group(spec("/", "200", 5, 3), target)), Set.of(GROUP));
        awaitHealth(target, TargetHealth.HEALTHY);

        watched = backend;
        backend.answer(500);

        Event unhealthy = awaitState(target, HealthState.UNHEALTHY);
        assertThat(unhealthy.health().reason()).isEqualTo("Target.ResponseCodeMismatch");
        assertThat(unhealthy.health().description()).isEqualTo("Health checks failed with these codes: [500]");
        assertThat(unhealthy.servedSoFar()).isEqualTo(3);
    }

    @Test
    void recoveryNeedsTheHealthyThresholdInARow() throws IOException {
        Backend backend = backend();
        backend.answer(503);
        TargetSpec target = target(backend.port());
        checker.apply(groups(group(spec("/", "200", 3, 2), target)), Set.of(GROUP));
        awaitState(target, HealthState.UNHEALTHY);

        watched = backend;
        backend.answer(200);

        Event healthy = awaitState(target, HealthState.HEALTHY);
        assertThat(healthy.servedSoFar()).isEqualTo(3);
        assertThat(healths(target)).containsExactly(TargetHealth.REGISTERING,
                HealthMachine.codeMismatch(503), TargetHealth.HEALTHY);
    }

    @Test
    void aClosedPortFailsTheChecks() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        TargetSpec target = target(port);

        checker.apply(groups(group(spec("/", "200", 3, 2), target)), Set.of(GROUP));

        Event unhealthy = awaitState(target, HealthState.UNHEALTHY);
        assertThat(unhealthy.health()).isEqualTo(new TargetHealth(HealthState.UNHEALTHY, "Target.FailedHealthChecks",
                "Health checks failed"));
    }

    @Test
    void aTargetThatNeverAnswersTimesOut() throws IOException {
        // Connections complete in the backlog, but nothing ever reads or answers them.
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(silent);
        TargetSpec target = target(silent.getLocalPort());

        checker.apply(groups(group(spec("/", "200", 3, 2), target)), Set.of(GROUP));

        Event unhealthy = awaitState(target, HealthState.UNHEALTHY);
        assertThat(unhealthy.health()).isEqualTo(new TargetHealth(HealthState.UNHEALTHY, "Target.Timeout",
                "Request timed out"));
    }

    @Test
    void aRangeMatcherAccepts204() throws IOException {
        Backend backend = backend();
        backend.answer(204);
        TargetSpec target = target(backend.port());

        checker.apply(groups(group(spec("/", "200-299", 3, 2), target)), Set.of(GROUP));

        awaitHealth(target, TargetHealth.HEALTHY);
    }

    @Test
    void aTargetLastKnownHealthyStartsSilently() throws IOException {
        Backend backend = backend();
        TargetSpec target = new TargetSpec("10.0.0.1", "127.0.0.1", backend.port(), false, HealthState.HEALTHY);

        checker.apply(groups(group(spec("/", "200", 3, 2), target)), Set.of(GROUP));

        await().atMost(Duration.ofSeconds(10)).until(() -> backend.requests().size() >= 3);
        assertThat(events).isEmpty();
        backend.answer(500);
        awaitState(target, HealthState.UNHEALTHY);
        assertThat(healths(target)).containsExactly(HealthMachine.codeMismatch(500));
    }

    @Test
    void targetsOfAGroupNotInUseAreNotChecked() throws IOException {
        Backend backend = backend();
        TargetSpec target = target(backend.port());

        checker.apply(groups(group(spec("/", "200", 3, 2), target)), Set.of());

        awaitHealth(target, TargetHealth.NOT_IN_USE);
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> backend.requests().isEmpty());
        assertThat(healths(target)).containsExactly(TargetHealth.NOT_IN_USE);
    }

    @Test
    void aTargetLastKnownUnusedIsNotReportedUnusedAgain() throws IOException {
        Backend backend = backend();
        TargetSpec target = new TargetSpec("10.0.0.1", "127.0.0.1", backend.port(), false, HealthState.UNUSED);

        checker.apply(groups(group(spec("/", "200", 3, 2), target)), Set.of());

        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(events::isEmpty);
    }

    @Test
    void aGroupTakenIntoUseStartsFromInitial() throws IOException {
        Backend backend = backend();
        TargetSpec target = target(backend.port());
        Map<String, TargetGroupSpec> groups = groups(group(spec("/", "200", 3, 2), target));
        checker.apply(groups, Set.of());
        awaitHealth(target, TargetHealth.NOT_IN_USE);

        checker.apply(groups, Set.of(GROUP));

        awaitHealth(target, TargetHealth.HEALTHY);
        assertThat(healths(target)).containsExactly(TargetHealth.NOT_IN_USE, TargetHealth.REGISTERING,
                TargetHealth.HEALTHY);
    }

    @Test
    void disabledChecksAreNotSent() throws IOException {
        Backend backend = backend();
        TargetSpec target = target(backend.port());
        HealthCheckSpec disabled = new HealthCheckSpec(false, "/", null, INTERVAL, TIMEOUT, 3, 2, "200");

        checker.apply(groups(group(disabled, target)), Set.of(GROUP));

        awaitHealth(target, TargetHealth.DISABLED);
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> backend.requests().isEmpty());
    }

    @Test
    void drainingTargetsAreNeitherCheckedNorReported() throws IOException {
        Backend backend = backend();
        TargetSpec draining = new TargetSpec("10.0.0.9", "127.0.0.1", backend.port(), true, HealthState.HEALTHY);

        checker.apply(groups(group(spec("/", "200", 3, 2), draining)), Set.of(GROUP));

        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> backend.requests().isEmpty());
        assertThat(events).isEmpty();
    }

    @Test
    void aRemovedTargetIsNoLongerChecked() throws IOException {
        Backend backend = backend();
        TargetSpec target = target(backend.port());
        checker.apply(groups(group(spec("/", "200", 3, 2), target)), Set.of(GROUP));
        awaitHealth(target, TargetHealth.HEALTHY);

        checker.apply(groups(group(spec("/", "200", 3, 2))), Set.of(GROUP));
        int seen = backend.requests().size();

        // One check may have been under way when the target went.
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> backend.requests().size() <= seen + 1);
        assertThat(healths(target)).containsExactly(TargetHealth.REGISTERING, TargetHealth.HEALTHY);
    }

    @Test
    void theCheckCarriesPathHostAndUserAgent() throws IOException {
        Backend backend = backend();
        TargetSpec target = target(backend.port());

        checker.apply(groups(group(spec("/health/deep?verbose=1", "200", 3, 2), target)), Set.of(GROUP));

        await().atMost(Duration.ofSeconds(10)).until(() -> !backend.requests().isEmpty());
        Request request = backend.requests().getFirst();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.uri()).isEqualTo("/health/deep?verbose=1");
        assertThat(request.host()).isEqualTo("127.0.0.1:" + backend.port());
        assertThat(request.userAgent()).isEqualTo("ELB-HealthChecker/2.0");
        assertThat(request.connection()).isEqualToIgnoringCase("close");
    }

    @Test
    void aHealthCheckPortOverridesTheTrafficPort() throws IOException {
        Backend backend = backend();
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        TargetSpec target = target(closed);
        HealthCheckSpec onPort = new HealthCheckSpec(true, "/", backend.port(), INTERVAL, TIMEOUT, 3, 2, "200");

        checker.apply(groups(group(onPort, target)), Set.of(GROUP));

        awaitHealth(target, TargetHealth.HEALTHY);
    }

    @Test
    void changedSettingsAreTakenUpAndTheHealthIsKept() throws IOException {
        Backend backend = backend();
        TargetSpec target = target(backend.port());
        checker.apply(groups(group(spec("/old", "200", 3, 2), target)), Set.of(GROUP));
        awaitHealth(target, TargetHealth.HEALTHY);

        checker.apply(groups(group(spec("/new", "200", 3, 2), target)), Set.of(GROUP));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> backend.requests().stream().anyMatch(r -> r.uri().equals("/new")));
        assertThat(healths(target)).containsExactly(TargetHealth.REGISTERING, TargetHealth.HEALTHY);
    }

    @Test
    void aBadMatcherIsRejectedAndChangesNothing() throws IOException {
        Backend backend = backend();
        TargetSpec target = target(backend.port());
        checker.apply(groups(group(spec("/", "200", 3, 2), target)), Set.of(GROUP));
        awaitHealth(target, TargetHealth.HEALTHY);

        assertThatThrownBy(() -> checker.apply(groups(group(spec("/", "600", 3, 2), target)), Set.of(GROUP)))
                .isInstanceOf(IllegalArgumentException.class);

        int seen = backend.requests().size();
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.requests().size() > seen);
    }

    private void record(String groupArn, String targetKey, TargetHealth health) {
        Backend backend = watched;
        events.add(new Event(groupArn, targetKey, health, backend == null ? -1 : backend.served()));
    }

    private List<TargetHealth> healths(TargetSpec target) {
        return events.stream().filter(e -> e.groupArn().equals(GROUP) && e.targetKey().equals(target.key()))
                .map(Event::health).toList();
    }

    private void awaitHealth(TargetSpec target, TargetHealth health) {
        await().atMost(Duration.ofSeconds(10)).until(() -> healths(target).contains(health));
    }

    private Event awaitState(TargetSpec target, HealthState state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> healths(target).stream().anyMatch(h -> h.state() == state));
        return events.stream().filter(e -> e.targetKey().equals(target.key()) && e.health().state() == state)
                .findFirst().orElseThrow();
    }

    private Backend backend() throws IOException {
        Backend backend = new Backend();
        resources.add(backend);
        return backend;
    }

    private static TargetSpec target(int port) {
        return new TargetSpec("10.0.0.1", "127.0.0.1", port, false, HealthState.INITIAL);
    }

    private static HealthCheckSpec spec(String path, String matcher, int healthyThreshold, int unhealthyThreshold) {
        return new HealthCheckSpec(true, path, null, INTERVAL, TIMEOUT, healthyThreshold, unhealthyThreshold, matcher);
    }

    private static TargetGroupSpec group(HealthCheckSpec healthCheck, TargetSpec... targets) {
        return new TargetGroupSpec(GROUP, TargetGroupSpec.Algorithm.ROUND_ROBIN, Duration.ZERO, Duration.ZERO,
                healthCheck, List.of(targets));
    }

    private static Map<String, TargetGroupSpec> groups(TargetGroupSpec group) {
        return Map.of(group.arn(), group);
    }

    /** @param servedSoFar the watched backend's responses since its last switch, -1 when none watched */
    private record Event(String groupArn, String targetKey, TargetHealth health, int servedSoFar) {
    }

    private record Request(String method, String uri, String host, String userAgent, String connection) {
    }

    /** An HTTP target that answers every request with one status, switchable, and remembers what it saw. */
    private static final class Backend implements AutoCloseable {
        private final HttpServer server;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private int status = 200;
        /** Responses given since the status was last switched. */
        private int served;

        Backend() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                try (exchange) {
                    requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                            exchange.getRequestHeaders().getFirst("Host"),
                            exchange.getRequestHeaders().getFirst("User-Agent"),
                            exchange.getRequestHeaders().getFirst("Connection")));
                    int code = respond();
                    byte[] body = "ok".getBytes();
                    if (code == 204) {
                        exchange.sendResponseHeaders(code, -1);
                    } else {
                        exchange.sendResponseHeaders(code, body.length);
                        exchange.getResponseBody().write(body);
                    }
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        List<Request> requests() {
            return requests;
        }

        synchronized void answer(int status) {
            this.status = status;
            served = 0;
        }

        synchronized int served() {
            return served;
        }

        private synchronized int respond() {
            served++;
            return status;
        }

        @Override
        public void close() {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
