package dev.berth.lb.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyFramerTest {
    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    /** Feeds s in pieces of n bytes; returns the body's length, or -1 when malformed. */
    private static int feed(BodyFramer f, String s, int n) {
        ByteBuf b = buf(s);
        int total = 0;
        try {
            for (int i = 0; i < b.writerIndex() && !f.done; i += n) {
                int r = f.consume(b, i, Math.min(b.writerIndex(), i + n));
                if (r < 0) {
                    return -1;
                }
                total += r;
            }
            return total;
        } finally {
            b.release();
        }
    }

    @Test
    void findsTheEndOfAChunkedBodyWhateverTheSplits() {
        String body = "5\r\nhello\r\n1a;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: t\r\n\r\n";
        for (int n = 1; n <= body.length(); n++) {
            BodyFramer f = new BodyFramer();
            f.chunked();
            assertThat(feed(f, body + "NEXT", n)).as("pieces of %d", n).isEqualTo(body.length());
            assertThat(f.done).isTrue();
        }
        BodyFramer f = new BodyFramer();
        f.chunked();
        assertThat(feed(f, "0\r\n\r\n", 100)).isEqualTo(5);
        assertThat(f.done).isTrue();
    }

    @Test
    void rejectsMalformedChunks() {
        for (String bad : new String[] {"x\r\n", "5\nhello\r\n", "5\r\nhelloX\r\n", "\r\n", "1234567890abcdef0\r\n",
                "0\r\n\n", "0\r\nBad\u0001\r\n\r\n", "5 \r\nhello\r\n0\r\n\r\nx"}) {
            BodyFramer f = new BodyFramer();
            f.chunked();
            int r = feed(f, bad, 100);
            if (bad.startsWith("5 ")) {
                assertThat(r).as(bad).isEqualTo(bad.length() - 1); // "5 " is a size with whitespace before CRLF: allowed as BWS
            } else {
                assertThat(r).as(bad).isEqualTo(-1);
            }
        }
    }

    @Test
    void countsAContentLength() {
        BodyFramer f = new BodyFramer();
        f.length(10);
        assertThat(feed(f, "0123456789NEXT", 3)).isEqualTo(10);
        assertThat(f.done).isTrue();
        f.length(0);
        assertThat(f.done).isTrue();
    }
}
