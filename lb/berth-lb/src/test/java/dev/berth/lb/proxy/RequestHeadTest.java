package dev.berth.lb.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHeadTest {
    private final byte[] scratch = new byte[64 * 1024];
    private final RequestHead q = new RequestHead(scratch);

    private boolean parse(String head) {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, scratch, 0, b.length);
        return q.parse(b.length, InetAddress.getLoopbackAddress());
    }

    @Test
    void readsTheRequestLineAndTheHeadersItNeeds() {
        assertThat(parse("POST /a/b?x=1&y HTTP/1.1\r\nHost: Example.com:8080\r\nContent-Length: 12\r\n"
                + "Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nX-Forwarded-For: 1.2.3.4\r\n"
                + "X-Amzn-Trace-Id: Root=1-0-0\r\nX-Other:  spaced value \t\r\n\r\n")).isTrue();
        assertThat(q.method()).isEqualTo("POST");
        assertThat(q.path()).isEqualTo("/a/b");
        assertThat(q.rawQuery()).isEqualTo("x=1&y");
        assertThat(q.host()).isEqualTo("Example.com");
        assertThat(q.hostPort()).isEqualTo(8080);
        assertThat(q.contentLength).isEqualTo(12);
        assertThat(q.chunked).isFalse();
        assertThat(q.connKeepAlive).isTrue();
        assertThat(q.isUpgrade()).isTrue();
        assertThat(q.hasTraceId).isTrue();
        assertThat(q.xffCount).isEqualTo(1);
        assertThat(q.headerValues("x-other")).containsExactly("spaced value");
        assertThat(q.headerValues("missing")).isEmpty();
        assertThat(q.markCount).isEqualTo(2); // Connection, X-Forwarded-For
    }

    @Test
    void understandsAbsoluteFormHttp10AndChunked() {
        assertThat(parse("GET http://h.example/p/q?z HTTP/1.0\r\n\r\n")).isTrue();
        assertThat(q.http10).isTrue();
        assertThat(q.path()).isEqualTo("/p/q");
        assertThat(q.rawQuery()).isEqualTo("z");
        assertThat(q.host()).isNull();
        assertThat(parse("GET http://h.example HTTP/1.1\r\nHost: h\r\n\r\n")).isTrue();
        assertThat(q.path()).isEqualTo("/");
        assertThat(parse("PUT /u HTTP/1.1\r\nHost: [::1]:80\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")).isTrue();
        assertThat(q.chunked).isTrue();
        assertThat(q.host()).isEqualTo("[::1]");
        assertThat(parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n")).isTrue();
        assertThat(q.path()).isEqualTo("*");
        assertThat(parse("PATCH /x HTTP/1.1\r\nhost: h\r\nContent-Length: 3\r\ncontent-length: 3\r\n\r\n")).isTrue();
        assertThat(q.method()).isEqualTo("PATCH");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET / HTTP/1.1\r\n\r\n",
            "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET / HTTP/1.1 \r\nHost: h\r\n\r\n",
            "GET / HTTP/2.0\r\nHost: h\r\n\r\n",
            "GET / http/1.1\r\nHost: h\r\n\r\n",
            "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET /\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n",
            "G(T / HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : h\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nX: a\u0000b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\n: empty\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET relative HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET ftp://x/ HTTP/1.1\r\nHost: h\r\n\r\n",
            "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n",
    })
    void rejectsWhatATargetMightReadDifferently(String head) {
        assertThat(parse(head)).as(head).isFalse();
        assertThat(q.error).isNotBlank();
    }
}
