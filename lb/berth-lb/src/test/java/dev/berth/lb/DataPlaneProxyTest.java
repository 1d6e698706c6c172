package dev.berth.lb;

import static dev.berth.lb.support.Lb.config;
import static dev.berth.lb.support.Lb.defaultRule;
import static dev.berth.lb.support.Lb.forwardAll;
import static dev.berth.lb.support.Lb.group;
import static dev.berth.lb.support.Lb.listener;
import static dev.berth.lb.support.Lb.pathRule;
import static dev.berth.lb.support.Lb.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.lb.config.ActionSpec;
import dev.berth.lb.config.TargetGroupSpec;
import dev.berth.lb.support.Lb;
import dev.berth.lb.support.TestBackend;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Forwarding: keep-alive and pooling, the headers added, routing, streaming, upgrades, HTTP/1.0, pipelining. */
class DataPlaneProxyTest extends ProxyTestBase {

    @Test
    void forwardsAndReusesUpstreamConnections() throws Exception {
        TestBackend a = backend("a");
        start();
        serve(forwardAll(group("web", target("a", a.port()))));

        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = get("/n/" + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("a");
        }
        assertThat(a.requests()).hasSize(50);
        // One client connection (on one event loop) needs one pooled upstream connection.
        assertThat(a.connectionsAccepted()).isEqualTo(1);

        // Eight concurrent keep-alive clients: at most one upstream connection each, reused.
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            clients.add(CompletableFuture.runAsync(() -> {
                try (Socket s = new Socket("127.0.0.1", port())) {
                    for (int i = 0; i < 25; i++) {
                        s.getOutputStream().write("GET /c HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        assertThat(Lb.readResponse(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("a");
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture<?>[]::new)).get();
        assertThat(a.requests()).hasSize(250);
        assertThat(a.connectionsAccepted()).isLessThanOrEqualTo(9);
    }

    @Test
    void addsForwardedHeadersAndATraceId() throws Exception {
        TestBackend a = backend("a");
        start();
        serve(forwardAll(group("web", target("a", a.port()))));

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/hello?x=1&y=%20"))
                .header("X-Forwarded-For", "10.1.2.3")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Port", "1")
                .header("X-Custom", "kept")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        TestBackend.Request seen = a.lastRequest();
        assertThat(seen.target()).isEqualTo("/hello?x=1&y=%20");
        assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + port());
        assertThat(seen.headers().get("X-Forwarded-For")).containsExactly("10.1.2.3, 127.0.0.1");
        assertThat(seen.headers().get("X-Forwarded-Proto")).containsExactly("http");
        assertThat(seen.headers().get("X-Forwarded-Port")).containsExactly(Integer.toString(port()));
        assertThat(seen.header("X-Custom")).isEqualTo("kept");
        String trace = seen.header("X-Amzn-Trace-Id");
        assertThat(trace).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
        long seconds = Long.parseLong(trace.substring(7, 15), 16);
        assertThat(seconds).isBetween(System.currentTimeMillis() / 1000 - 120, System.currentTimeMillis() / 1000 + 120);

        get("/plain");
        seen = a.lastRequest();
        assertThat(seen.headers().get("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.header("X-Amzn-Trace-Id")).isNotEqualTo(trace);

        String given = "Root=1-5f84c7a1-0123456789abcdef01234567";
        http.send(HttpRequest.newBuilder(uri("/traced")).header("X-Amzn-Trace-Id", given).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(a.lastRequest().headers().get("X-Amzn-Trace-Id")).containsExactly(given);
    }

    @Test
    void hopByHopHeadersStayOnTheirHop() throws Exception {
        TestBackend a = backend("a");
        start(DataPlaneOptions.defaults().withEventLoops(1)); // one loop: one pool of upstream connections
        serve(forwardAll(group("web", target("a", a.port()))));

        try (Socket s = new Socket("127.0.0.1", port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /x HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
                    + "Proxy-Connection: keep-alive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String resp = Lb.readResponse(s.getInputStream());
            assertThat(resp).startsWith("HTTP/1.1 200");
            TestBackend.Request seen = a.lastRequest();
            assertThat(seen.header("Connection")).isNull();
            assertThat(seen.header("Keep-Alive")).isNull();
            assertThat(seen.header("Proxy-Connection")).isNull();

            // "Connection: close" from the client: answered with Connection: close and closed, while
            // the upstream connection stays pooled.
            out.write("GET /y HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String last = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(last).startsWith("HTTP/1.1 200").contains("Connection: close\r\n").endsWith("a");
        }
        get("/z");
        assertThat(a.connectionsAccepted()).isEqualTo(1);

        // The target closing its connection does not close the client's.
        a.handler(r -> r.path().equals("/bye")
                ? new TestBackend.Response(200, java.util.Map.of("Connection", "close"), "bye".getBytes(), false, false)
                : TestBackend.Response.ok("a"));
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /bye HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String bye = Lb.readResponse(s.getInputStream());
            assertThat(bye).startsWith("HTTP/1.1 200").doesNotContain("Connection").endsWith("bye");
            out.write("HEAD /x HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String head = readHead(s.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: 1");
            out.write("GET /x HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(Lb.readResponse(s.getInputStream())).endsWith("a");
        }
        assertThat(a.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void routesByPath() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        TargetGroupSpec ga = group("group-a", target("a", a.port()));
        TargetGroupSpec gb = group("group-b", target("b", b.port()));
        start();
        serve(config(listener(pathRule(10, "/backend*", ActionSpec.Forward.to(gb.arn())),
                defaultRule(ActionSpec.Forward.to(ga.arn()))), ga, gb));

        assertThat(get("/backend/x").body()).isEqualTo("b");
        assertThat(get("/backend").body()).isEqualTo("b");
        assertThat(get("/other/backend").body()).isEqualTo("a");
        assertThat(get("/").body()).isEqualTo("a");
    }

    @Test
    void answersFixedResponsesAndRedirects() throws Exception {
        TestBackend a = backend("a");
        TargetGroupSpec ga = group("group-a", target("a", a.port()));
        start();
        serve(config(listener(
                pathRule(1, "/fixed", new ActionSpec.FixedResponse(404, "text/plain", "nothing here")),
                pathRule(2, "/old/*", new ActionSpec.Redirect(null, null, null, "/new/#{path}", null, 301)),
                defaultRule(ActionSpec.Forward.to(ga.arn()))), ga));

        HttpResponse<String> fixed = get("/fixed");
        assertThat(fixed.statusCode()).isEqualTo(404);
        assertThat(fixed.body()).isEqualTo("nothing here");
        assertThat(fixed.headers().firstValue("Content-Type")).hasValue("text/plain");
        HttpResponse<String> moved = get("/old/page?q=1");
        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(moved.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/new/"));
        // A body sent to a fixed response is read and dropped; the connection stays usable.
        assertThat(post("/fixed", "x".repeat(100_000)).statusCode()).isEqualTo(404);
        assertThat(get("/").body()).isEqualTo("a");
        assertThat(a.requests()).hasSize(1);
    }

    @Test
    void streamsChunkedBodiesOfSeveralMegabytesBothWays() throws Exception {
        TestBackend a = backend("a");
        a.handler(r -> TestBackend.Response.chunked(r.body()));
        start();
        serve(forwardAll(group("web", target("a", a.port()))));
        byte[] data = Lb.randomBytes(6 * 1024 * 1024 + 17, 1);

        // Unknown length: HttpClient sends it chunked.
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(a.lastRequest().header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(a.lastRequest().body()).isEqualTo(data);
        assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(r.body()).isEqualTo(data);

        // Known length, several times on the same connections.
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> again = http.send(HttpRequest.newBuilder(uri("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(a.lastRequest().header("Content-Length")).isEqualTo(Integer.toString(data.length));
            assertThat(again.body()).isEqualTo(data);
        }
        assertThat(get("/after").statusCode()).isEqualTo(200);
    }

    @Test
    void streamsAContentLengthResponseToASlowReader() throws Exception {
        byte[] data = Lb.randomBytes(8 * 1024 * 1024, 2);
        TestBackend a = backend("a");
        a.handler(r -> new TestBackend.Response(200, java.util.Map.of(), data, false, false));
        start();
        serve(forwardAll(group("web", target("a", a.port()))));

        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setReceiveBufferSize(16 * 1024);
            s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: " + data.length);
            byte[] got = new byte[data.length];
            int off = 0;
            while (off < got.length) {
                int n = in.read(got, off, Math.min(8192, got.length - off));
                assertThat(n).isPositive();
                off += n;
                if (off < 1024 * 1024) {
                    Thread.sleep(1); // read slowly at first: the proxy must hold back, not buffer it all
                }
            }
            assertThat(got).isEqualTo(data);
        }
    }

    @Test
    void relaysAnUpgradedConnectionBothWays() throws Exception {
        TestBackend a = backend("a");
        a.handler(r -> r.path().equals("/ws") ? TestBackend.Response.switching() : TestBackend.Response.ok("a"));
        start();
        serve(forwardAll(group("web", target("a", a.port()))));

        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101").contains("Upgrade: websocket");
            out.write("hello".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(new String(in.readNBytes(5), StandardCharsets.ISO_8859_1)).isEqualTo("hello");
            byte[] data = Lb.randomBytes(300_000, 3);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(data);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(in.readNBytes(data.length)).isEqualTo(data);
            writer.join();
        }
        TestBackend.Request seen = a.lastRequest();
        assertThat(seen.header("Connection")).isEqualTo("Upgrade");
        assertThat(seen.header("Upgrade")).isEqualTo("websocket");
        assertThat(get("/").body()).isEqualTo("a");
    }

    @Test
    void servesHttp10ClientsAndPipelinedRequests() throws Exception {
        TestBackend a = backend("a");
        a.handler(r -> TestBackend.Response.ok(r.path()));
        start();
        serve(forwardAll(group("web", target("a", a.port()))));

        String old = Lb.raw(port(), "GET /old HTTP/1.0\r\n\r\n");
        assertThat(old).startsWith("HTTP/1.1 200").endsWith("/old");

        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /ka HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                    + "GET /ka2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String first = Lb.readResponse(s.getInputStream());
            assertThat(first).startsWith("HTTP/1.1 200").endsWith("/ka");
            String second = Lb.readResponse(s.getInputStream());
            assertThat(second).endsWith("/ka2");
        }

        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(10_000);
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                many.append("GET /p").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
            }
            s.getOutputStream().write(many.toString().getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 20; i++) {
                assertThat(Lb.readResponse(s.getInputStream())).endsWith("/p" + i);
            }
        }
    }

    @Test
    void survivesManyConcurrentClients() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        start();
        serve(forwardAll(group("web", target("a", a.port()), target("b", b.port()))));
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            all.add(http.sendAsync(HttpRequest.newBuilder(uri("/" + i)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> bodies = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).isEqualTo(200);
            bodies.add(r.body());
        }
        assertThat(bodies).containsExactlyInAnyOrder("a", "b");
        assertThat(a.requests().size() + b.requests().size()).isEqualTo(500);
    }

    static String readHead(InputStream in) throws Exception {
        StringBuilder s = new StringBuilder();
        while (!s.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IllegalStateException("closed after " + s);
            }
            s.append((char) c);
        }
        return s.toString();
    }
}
