package dev.berth.lb;

import static dev.berth.lb.support.Lb.config;
import static dev.berth.lb.support.Lb.defaultRule;
import static dev.berth.lb.support.Lb.forwardAll;
import static dev.berth.lb.support.Lb.group;
import static dev.berth.lb.support.Lb.listener;
import static dev.berth.lb.support.Lb.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.berth.lb.config.ActionSpec;
import dev.berth.lb.config.DataPlaneConfig;
import dev.berth.lb.config.HealthCheckSpec;
import dev.berth.lb.config.HealthState;
import dev.berth.lb.config.TargetGroupSpec;
import dev.berth.lb.config.TargetSpec;
import dev.berth.lb.support.Lb;
import dev.berth.lb.support.TestBackend;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Target selection: round robin, least outstanding, weights, health, slow start, draining, applies. */
class DataPlaneBalancingTest extends ProxyTestBase {

    private static TestBackend.Handler slowOn(String path, long millis, String name) {
        return r -> {
            if (r.path().equals(path)) {
                Thread.sleep(millis);
            }
            return TestBackend.Response.ok(name);
        };
    }

    private static long served(TestBackend b, String path) {
        return b.requests().stream().filter(r -> r.path().equals(path)).count();
    }

    @Test
    void roundRobinSharesEvenly() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        start();
        serve(forwardAll(group("web", target("a", a.port()), target("b", b.port()))));
        for (int i = 0; i < 100; i++) {
            assertThat(get("/").statusCode()).isEqualTo(200);
        }
        assertThat(a.requests().size()).isBetween(40, 60);
        assertThat(a.requests().size() + b.requests().size()).isEqualTo(100);
    }

    @Test
    void weightedForwardSplitsByWeight() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        TargetGroupSpec blue = group("blue", target("a", a.port()));
        TargetGroupSpec green = group("green", target("b", b.port()));
        start();
        serve(config(listener(defaultRule(new ActionSpec.Forward(List.of(
                new ActionSpec.WeightedGroup(blue.arn(), 3), new ActionSpec.WeightedGroup(green.arn(), 1))))),
                blue, green));
        for (int i = 0; i < 400; i++) {
            assertThat(get("/").statusCode()).isEqualTo(200);
        }
        // 300 expected; a binomial's standard deviation here is ~8.7.
        assertThat(a.requests().size()).isBetween(250, 350);
        assertThat(b.requests().size()).isEqualTo(400 - a.requests().size());

        plane.apply(config(listener(defaultRule(new ActionSpec.Forward(List.of(
                new ActionSpec.WeightedGroup(blue.arn(), 1), new ActionSpec.WeightedGroup(green.arn(), 0))))),
                blue, green));
        int before = b.requests().size();
        for (int i = 0; i < 50; i++) {
            assertThat(get("/").body()).isEqualTo("a");
        }
        assertThat(b.requests()).hasSize(before);
    }

    @Test
    void leastOutstandingRequestsPicksTheIdleTarget() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        a.handler(slowOn("/slow", 2000, "a"));
        b.handler(slowOn("/slow", 2000, "b"));
        start();
        serve(forwardAll(group("web", TargetGroupSpec.Algorithm.LEAST_OUTSTANDING_REQUESTS,
                target("a", a.port()), target("b", b.port()))));

        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(uri("/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> served(a, "/slow") + served(b, "/slow") == 1);
        TestBackend busy = served(a, "/slow") == 1 ? a : b;
        TestBackend idle = busy == a ? b : a;
        for (int i = 0; i < 20; i++) {
            assertThat(get("/fast").body()).isEqualTo(idle.name());
        }
        assertThat(served(busy, "/fast")).isZero();
        assertThat(slow.get().body()).isEqualTo(busy.name());
    }

    @Test
    void drainingTargetFinishesItsRequestsTakesNoNewOnesThenIsReported() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        a.handler(slowOn("/slow", 2000, "a"));
        b.handler(slowOn("/slow", 2000, "b"));
        start();
        TargetSpec ta = target("a", a.port());
        TargetSpec tb = target("b", b.port());
        serve(forwardAll(group("web", ta, tb)));

        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(uri("/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> served(a, "/slow") + served(b, "/slow") == 1);
        boolean aBusy = served(a, "/slow") == 1;
        TestBackend busy = aBusy ? a : b;
        TestBackend other = aBusy ? b : a;
        TargetSpec busySpec = aBusy ? ta : tb;
        TargetSpec otherSpec = aBusy ? tb : ta;

        DataPlaneConfig drain = forwardAll(group("web",
                new TargetSpec(busySpec.id(), "127.0.0.1", busySpec.port(), true, HealthState.HEALTHY), otherSpec));
        plane.apply(drain);
        assertThat(events.reported(busySpec.key(), HealthState.DRAINING)).isTrue();
        for (int i = 0; i < 20; i++) {
            assertThat(get("/new").body()).isEqualTo(other.name());
        }
        assertThat(served(busy, "/new")).isZero();
        assertThat(events.drained).isEmpty();

        HttpResponse<String> done = slow.get();
        long finished = System.nanoTime();
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).isEqualTo(busy.name());
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.drained.isEmpty());
        assertThat(events.drained).hasSize(1);
        Lb.Recorder.Drained d = events.drained.getFirst();
        assertThat(d.key()).isEqualTo(busySpec.key());
        assertThat(d.group()).isEqualTo(Lb.tg("web"));
        assertThat(d.atNanos()).isGreaterThan(finished - Duration.ofMillis(50).toNanos());

        // The same configuration again (the control plane has not removed it yet): nothing new.
        plane.apply(drain);
        plane.apply(forwardAll(group("web", otherSpec)));
        Thread.sleep(300);
        assertThat(events.drained).hasSize(1);
        assertThat(get("/").body()).isEqualTo(other.name());
    }

    @Test
    void deregistrationDelayCutsLongRequestsOff() throws Exception {
        TestBackend a = backend("a");
        a.handler(slowOn("/slow", 10_000, "a"));
        start();
        TargetSpec ta = target("a", a.port());
        serve(forwardAll(group("web", TargetGroupSpec.Algorithm.ROUND_ROBIN, Duration.ofMillis(500), ta)));

        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(uri("/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> served(a, "/slow") == 1);
        long t0 = System.nanoTime();
        plane.apply(forwardAll(group("web", TargetGroupSpec.Algorithm.ROUND_ROBIN, Duration.ofMillis(500),
                new TargetSpec("a", "127.0.0.1", a.port(), true, HealthState.HEALTHY))));
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.drained.isEmpty());
        assertThat(Duration.ofNanos(events.drained.getFirst().atNanos() - t0)).isGreaterThan(Duration.ofMillis(400));
        HttpResponse<String> cut = slow.get();
        assertThat(cut.statusCode()).isEqualTo(502);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(get("/").statusCode()).isEqualTo(503);
    }

    @Test
    void routesToHealthyTargetsAndFailsOpenWhenAllAreUnhealthy() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        a.handler(r -> r.path().equals("/health") ? new TestBackend.Response(500, Map.of(), new byte[0], false, false)
                : TestBackend.Response.ok("a"));
        HealthCheckSpec check = new HealthCheckSpec(true, "/health", null, Duration.ofMillis(100),
                Duration.ofMillis(500), 2, 2, "200");
        TargetGroupSpec g = new TargetGroupSpec(Lb.tg("web"), TargetGroupSpec.Algorithm.ROUND_ROBIN, Duration.ZERO,
                Duration.ofSeconds(30), check, List.of(target("a", a.port()), target("b", b.port())));
        start();
        plane.apply(forwardAll(g));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.reported("a:" + a.port(), HealthState.UNHEALTHY)
                && events.reported("b:" + b.port(), HealthState.HEALTHY));
        for (int i = 0; i < 20; i++) {
            assertThat(get("/").body()).isEqualTo("b");
        }

        b.handler(r -> r.path().equals("/health") ? new TestBackend.Response(500, Map.of(), new byte[0], false, false)
                : TestBackend.Response.ok("b"));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.reported("b:" + b.port(), HealthState.UNHEALTHY));
        int before = a.requests().size();
        for (int i = 0; i < 20; i++) {
            assertThat(get("/").statusCode()).isEqualTo(200);
        }
        assertThat(a.requests().size()).isGreaterThan(before); // every target unhealthy: all take traffic
    }

    @Test
    void slowStartRampsANewTargetUp() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        HealthCheckSpec check = new HealthCheckSpec(true, "/health", null, Duration.ofMillis(100),
                Duration.ofMillis(500), 2, 2, "200");
        TargetGroupSpec g = new TargetGroupSpec(Lb.tg("web"), TargetGroupSpec.Algorithm.ROUND_ROBIN,
                Duration.ofSeconds(60), Duration.ofSeconds(30), check, List.of(
                new TargetSpec("a", "127.0.0.1", a.port(), false, HealthState.HEALTHY), target("b", b.port())));
        start();
        plane.apply(forwardAll(g));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.reported("b:" + b.port(), HealthState.HEALTHY));
        for (int i = 0; i < 200; i++) {
            assertThat(get("/").statusCode()).isEqualTo(200);
        }
        // Without slow start b would take 100; a few seconds into a 60 s ramp it takes a few percent.
        long toB = served(b, "/");
        assertThat(toB).isLessThan(40);
    }

    @Test
    void aListenerReplacedByAnotherOnTheSamePortHandsItOver() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        TargetGroupSpec ga = group("ga", target("a", a.port()));
        TargetGroupSpec gb = group("gb", target("b", b.port()));
        int fixed = TestBackend.deadPort();
        start();
        plane.apply(new DataPlaneConfig(List.of(new dev.berth.lb.config.ListenerSpec("arn:listener/old", Lb.LB,
                "127.0.0.1", fixed, List.of(defaultRule(ActionSpec.Forward.to(ga.arn()))))), Map.of(ga.arn(), ga)));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.reported("a:" + a.port(), HealthState.UNAVAILABLE));
        java.net.URI u = java.net.URI.create("http://127.0.0.1:" + fixed + "/");
        assertThat(http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("a");

        plane.apply(new DataPlaneConfig(List.of(new dev.berth.lb.config.ListenerSpec("arn:listener/new", Lb.LB,
                "127.0.0.1", fixed, List.of(defaultRule(ActionSpec.Forward.to(gb.arn()))))), Map.of(gb.arn(), gb)));
        assertThat(plane.port("arn:listener/new")).isEqualTo(fixed);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.reported("b:" + b.port(), HealthState.UNAVAILABLE));
        try (var fresh = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            assertThat(fresh.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("b");
        }
    }

    @Test
    void applySwapsRulesKeepsThePortAndClosesRemovedListeners() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        TargetGroupSpec ga = group("ga", target("a", a.port()));
        TargetGroupSpec gb = group("gb", target("b", b.port()));
        start();
        DataPlaneConfig toA = config(listener(defaultRule(ActionSpec.Forward.to(ga.arn()))), ga, gb);
        plane.apply(toA);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.reported("a:" + a.port(), HealthState.UNAVAILABLE));
        assertThat(events.reported("b:" + b.port(), HealthState.UNUSED)).isTrue();
        int port = port();
        assertThat(get("/").body()).isEqualTo("a");
        plane.apply(toA);
        assertThat(port()).isEqualTo(port);

        plane.apply(config(listener(defaultRule(ActionSpec.Forward.to(gb.arn()))), ga, gb));
        assertThat(port()).isEqualTo(port);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.reported("b:" + b.port(), HealthState.UNAVAILABLE));
        assertThat(get("/").body()).isEqualTo("b");

        plane.apply(DataPlaneConfig.empty());
        assertThatThrownBy(() -> plane.port(Lb.LISTENER)).isInstanceOf(IllegalArgumentException.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(() ->
                http.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString())).isInstanceOfAny(ConnectException.class,
                java.io.IOException.class));
    }
}
