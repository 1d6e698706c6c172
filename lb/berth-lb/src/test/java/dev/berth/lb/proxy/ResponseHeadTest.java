package dev.berth.lb.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResponseHeadTest {
    private final byte[] scratch = new byte[64 * 1024];
    private final ResponseHead s = new ResponseHead(scratch);

    private boolean parse(String head) {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, scratch, 0, b.length);
        return s.parse(b.length);
    }

    @Test
    void readsFramingAndKeepAlive() {
        assertThat(parse("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Sun, 22 Nov 2026 09:05:10 GMT\r\n"
                + "Content-Type: text/html\r\nContent-Length: 100\r\nConnection: keep-alive\r\nETag: \"6b0-64\"\r\n\r\n"))
                .isTrue();
        assertThat(s.status).isEqualTo(200);
        assertThat(s.contentLength).isEqualTo(100);
        assertThat(s.connKeepAlive).isTrue();
        assertThat(s.connClose).isFalse();
        assertThat(s.hopCount).isEqualTo(1);
        assertThat(parse("HTTP/1.0 404 Not Found\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")).isTrue();
        assertThat(s.http10).isTrue();
        assertThat(s.chunked).isTrue();
        assertThat(s.connClose).isTrue();
        assertThat(parse("HTTP/1.1 204\r\n\r\n")).isTrue();
        assertThat(s.status).isEqualTo(204);
        assertThat(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n")).isTrue();
        assertThat(s.hasTransferEncoding).isTrue();
        assertThat(s.chunked).isFalse();
    }

    @Test
    void refusesWhatTheClientCouldFrameDifferently() {
        for (String bad : new String[] {"HTTP/1.1 20 OK\r\n\r\n", "HTTP/2 200 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX: a\nb\r\n\r\n", "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n"}) {
            assertThat(parse(bad)).as(bad).isFalse();
        }
    }

    @Test
    void acceptsLinesEndedByABareLfAsClientsDo() {
        // busybox httpd writes its status line with CRLF and passes a CGI script's LF-ended headers on
        assertThat(parse("HTTP/1.0 200 OK\r\nContent-Type: text/plain\nContent-Length: 5\n\nslow\n")).isTrue();
        assertThat(s.status).isEqualTo(200);
        assertThat(s.contentLength).isEqualTo(5);
        assertThat(s.headersEnd).isEqualTo("HTTP/1.0 200 OK\r\nContent-Type: text/plain\nContent-Length: 5\n".length());
    }

    @Test
    void findsLineEndsEightBytesAtATime() {
        Random random = new Random(7);
        byte[] h = new byte[300];
        for (int round = 0; round < 20_000; round++) {
            for (int i = 0; i < h.length; i++) {
                int r = random.nextInt(40);
                h[i] = (byte) (r == 0 ? '\r' : r == 1 ? '\n' : 0x20 + random.nextInt(0xe0));
            }
            int from = random.nextInt(h.length);
            int end = from + random.nextInt(h.length - from + 1);
            int expected = end;
            for (int i = from; i < end; i++) {
                if (h[i] == '\r' || h[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertThat(Ascii.crOrLf(h, from, end)).isEqualTo(expected);
        }
    }
}
