package dev.berth.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request body handed from Vert.x's event loop to a blocking reader, over a real socket. */
class StreamingBodyTest {
    private final Vertx vertx = Vertx.vertx();
    private final AtomicReference<StreamingBody> lastBody = new AtomicReference<>();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    /** Serves each request's body to {@code reader} on a virtual thread; it answers with what it returns. */
    private URI serve(BiConsumer<StreamingBody, StringBuilder> reader) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            Context context = vertx.getOrCreateContext();
            StreamingBody body = new StreamingBody(request, context);
            lastBody.set(body);
            Thread.startVirtualThread(() -> {
                StringBuilder answer = new StringBuilder();
                reader.accept(body, answer);
                body.discardRest();
                context.runOnContext(go -> request.response().end(answer.toString()));
            });
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/v2/x/blobs/uploads/1");
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(3).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aSlowReaderGetsEveryByteWhileNoMoreThanTheHighWaterMarkWaitsInMemory() throws Exception {
        URI uri = serve((body, answer) -> {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                int n;
                long read = 0;
                while ((n = body.read(buffer, 0, buffer.length)) > 0) {
                    digest.update(buffer, 0, n);
                    read += n;
                    if (read % (1024 * 1024) < n) {
                        Thread.sleep(5); // a disk slower than the network
                    }
                }
                answer.append(HexFormat.of().formatHex(digest.digest()));
            } catch (Exception e) {
                answer.append("failed: ").append(e);
            }
        });
        byte[] content = random(48 * 1024 * 1024);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo(sha256(content));
        // the reader fell behind (the mark was reached) and the socket was paused near it
        assertThat(lastBody.get().mostWaiting()).isGreaterThan(StreamingBody.highWater())
                .isLessThan(StreamingBody.highWater() + 1024 * 1024);
    }

    @Test
    void whatTheHandlerDoesNotReadIsDroppedAndTheConnectionServesTheNextRequest() throws Exception {
        URI uri = serve((body, answer) -> {
            try {
                answer.append(body.readNBytes(1024).length);
            } catch (Exception e) {
                answer.append("failed: ").append(e);
            }
        });
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(random(16 * 1024 * 1024))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("1024");
        }
        assertThat(lastBody.get().mostWaiting()).isLessThan(StreamingBody.highWater() + 1024 * 1024);
    }
}
