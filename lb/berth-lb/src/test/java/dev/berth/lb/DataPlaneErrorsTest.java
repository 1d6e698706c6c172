package dev.berth.lb;

import static dev.berth.lb.support.Lb.forwardAll;
import static dev.berth.lb.support.Lb.group;
import static dev.berth.lb.support.Lb.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.lb.support.Lb;
import dev.berth.lb.support.TestBackend;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad input, unavailable targets, timeouts and retries; the data plane keeps serving after each. */
class DataPlaneErrorsTest extends ProxyTestBase {

    @Test
    void answers431ToAnOversizedHeaderAndKeepsServing() throws Exception {
        TestBackend a = backend("a");
        start();
        serve(forwardAll(group("web", target("a", a.port()))));

        String big = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "x".repeat(20 * 1024) + "\r\n\r\n";
        String resp = Lb.raw(port(), big);
        assertThat(resp).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n")
                .contains("Connection: close")
                .endsWith("431 Request Header Fields Too Large: the request head is larger than 16384 bytes\n");
        // Many headers adding up past the limit too.
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < 1000; i++) {
            many.append("X-H").append(i).append(": ").append("v".repeat(20)).append("\r\n");
        }
        assertThat(Lb.raw(port(), many.append("\r\n").toString())).startsWith("HTTP/1.1 431");
        assertThat(a.requests()).isEmpty();
        assertThat(get("/").body()).isEqualTo("a");
    }

    @Test
    void answers400ToGarbageAndKeepsServing() throws Exception {
        TestBackend a = backend("a");
        start();
        serve(forwardAll(group("web", target("a", a.port()))));

        byte[] tls = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
        assertThat(Lb.raw(port(), tls)).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(Lb.raw(port(), "GET / HTTP/1.1\r\nHost: h\r\nBad Header\r\n\r\n"))
                .startsWith("HTTP/1.1 400").endsWith("400 Bad Request: malformed header line\n");
        assertThat(Lb.raw(port(), "GET / HTTP/1.1\r\nHost: h\r\nX-A : b\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(Lb.raw(port(), "GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(Lb.raw(port(), "GET / HTTP/1.1\nHost: h\n\n")).startsWith("HTTP/1.1 400");
        assertThat(Lb.raw(port(), "GET /\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(Lb.raw(port(), "GET / HTTP/2.0\r\nHost: h\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(Lb.raw(port(), "GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400").contains("missing Host");
        assertThat(Lb.raw(port(), "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(Lb.raw(port(), "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("both Content-Length and Transfer-Encoding");
        assertThat(Lb.raw(port(), "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 6\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(Lb.raw(port(), "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(Lb.raw(port(), "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n")).startsWith("HTTP/1.1 400");
        // A malformed chunked body after a good head: the target's connection is dropped, the client's closed.
        String badChunks = Lb.raw(port(), "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        assertThat(badChunks).doesNotContain("200 OK");
        assertThat(a.requests()).isEmpty();
        assertThat(get("/").body()).isEqualTo("a");
    }

    @Test
    void answers408ToASlowHead() throws Exception {
        TestBackend a = backend("a");
        start(DataPlaneOptions.defaults().withEventLoops(2).withHeaderReadTimeout(Duration.ofMillis(500)));
        serve(forwardAll(group("web", target("a", a.port()))));

        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: h\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            String resp = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(resp).startsWith("HTTP/1.1 408 Request Timeout");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(get("/").body()).isEqualTo("a");
    }

    @Test
    void answers503WithAReasonWhenNothingIsRoutable() throws Exception {
        start();
        plane.apply(forwardAll(group("empty")));
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("503 Service Unavailable: target group empty has no registered target\n");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");

        TestBackend a = backend("a");
        plane.apply(forwardAll(group("empty", Lb.draining("a", a.port()))));
        assertThat(get("/").body()).contains("target group empty has no registered target");
        // Keep-alive survives a 503; a body sent with it is dropped.
        assertThat(post("/", "x".repeat(10_000)).statusCode()).isEqualTo(503);
        assertThat(a.requests()).isEmpty();
    }

    @Test
    void answers504WhenTheTargetDoesNotAnswerInTime() throws Exception {
        TestBackend a = backend("a");
        a.handler(r -> {
            if (r.path().equals("/slow")) {
                Thread.sleep(3000);
            }
            return TestBackend.Response.ok("a");
        });
        start(DataPlaneOptions.defaults().withEventLoops(2).withRequestTimeout(Duration.ofMillis(500)));
        serve(forwardAll(group("web", target("a", a.port()))));

        long t0 = System.nanoTime();
        HttpResponse<String> r = get("/slow");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).isEqualTo("504 Gateway Timeout: target a:" + a.port() + " did not answer within 500 ms\n");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2900));
        assertThat(get("/fast").body()).isEqualTo("a");
    }

    @Test
    void retriesAnIdempotentRequestThatCannotConnectButNotAPost() throws Exception {
        TestBackend live = backend("live");
        int dead = TestBackend.deadPort();
        start();
        serve(forwardAll(group("web", target("dead", dead), target("live", live.port()))));

        for (int i = 0; i < 100; i++) {
            HttpResponse<String> r = get("/get/" + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("live");
        }
        assertThat(live.requests()).hasSize(100);

        int badGateways = 0;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = post("/post/" + i, "body");
            if (r.statusCode() == 502) {
                badGateways++;
                assertThat(r.body()).isEqualTo("502 Bad Gateway: could not connect to target dead:" + dead
                        + ": connection refused\n");
            } else {
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
        assertThat(badGateways).isPositive();
        assertThat(live.requests().stream().filter(r -> r.method().equals("POST"))).hasSize(10 - badGateways);
    }

    @Test
    void answers502WhenTheTargetBreaksAndRetriesADeadPooledConnection() throws Exception {
        TestBackend a = backend("a");
        java.util.Map<Integer, Integer> served = new java.util.concurrent.ConcurrentHashMap<>();
        a.handler(r -> {
            int before = served.merge(r.connection(), 1, Integer::sum) - 1;
            if (r.path().equals("/crash") || r.path().equals("/flaky") && before > 0) {
                throw new IllegalStateException("the backend drops the connection without answering");
            }
            return TestBackend.Response.ok("a");
        });
        start(DataPlaneOptions.defaults().withEventLoops(1));
        serve(forwardAll(group("web", target("a", a.port()))));

        assertThat(get("/").body()).isEqualTo("a");
        HttpResponse<String> crash = post("/crash", "x");
        assertThat(crash.statusCode()).isEqualTo(502);
        assertThat(crash.body()).isEqualTo("502 Bad Gateway: target a:" + a.port()
                + " closed the connection without answering\n");

        // A pooled connection that turns out dead once the request is on it: a GET is retried
        // (here on a new connection to the same, only, target), a POST is not.
        assertThat(get("/").body()).isEqualTo("a");
        HttpResponse<String> flaky = get("/flaky");
        assertThat(flaky.statusCode()).isEqualTo(200);
        assertThat(a.requests().stream().filter(r -> r.path().equals("/flaky"))).hasSize(2);
        assertThat(get("/").body()).isEqualTo("a");
        assertThat(post("/flaky", "x").statusCode()).isEqualTo(502);
        assertThat(get("/").body()).isEqualTo("a");
    }

    @Test
    void aSlowClientDoesNotHoldUpOthers() throws Exception {
        TestBackend a = backend("a");
        start(DataPlaneOptions.defaults().withEventLoops(1));
        serve(forwardAll(group("web", target("a", a.port()))));

        try (Socket slow = new Socket("127.0.0.1", port())) {
            OutputStream out = slow.getOutputStream();
            out.write("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000\r\n\r\nabc"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            for (int i = 0; i < 20; i++) {
                assertThat(get("/while-slow/" + i).body()).isEqualTo("a");
            }
            InputStream in = slow.getInputStream();
            assertThat(in.available()).isZero();
        }
        assertThat(get("/").body()).isEqualTo("a");
    }
}
