package dev.berth.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.lb.config.DataPlaneConfig;
import dev.berth.lb.config.HealthState;
import dev.berth.lb.config.TargetGroupSpec;
import dev.berth.lb.config.TargetSpec;
import dev.berth.lb.support.Lb;
import dev.berth.lb.support.Logs;
import dev.berth.lb.support.TestBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** A data plane on real sockets, backends started by the test, and an HTTP/1.1 client. */
abstract class ProxyTestBase {
    static {
        Logs.quiet();
    }

    final Lb.Recorder events = new Lb.Recorder();
    final List<AutoCloseable> closeables = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    DataPlane plane;

    DataPlane start(DataPlaneOptions options) {
        plane = new DataPlane(options, events);
        return plane;
    }

    DataPlane start() {
        return start(DataPlaneOptions.defaults().withEventLoops(2));
    }

    TestBackend backend(String name) throws IOException {
        TestBackend b = new TestBackend(name);
        closeables.add(b);
        return b;
    }

    /** Applies and waits until every non-draining target has its first health (checks are off: unavailable). */
    void serve(DataPlaneConfig config) {
        plane.apply(config);
        for (TargetGroupSpec g : config.targetGroups().values()) {
            for (TargetSpec t : g.targets()) {
                if (!t.draining()) {
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> events.reported(t.key(), HealthState.UNAVAILABLE)
                                    || events.reported(t.key(), HealthState.HEALTHY));
                }
            }
        }
    }

    int port() {
        return plane.port(Lb.LISTENER);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (plane != null) {
            plane.close();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
        http.close();
        assertThat(Logs.leaks()).as("buffers never released (Netty's leak detector)").isEmpty();
    }
}
