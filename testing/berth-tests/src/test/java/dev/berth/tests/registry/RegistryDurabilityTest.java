package dev.berth.tests.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.tests.support.AwsCli;
import dev.berth.tests.support.BerthProcess;
import dev.berth.tests.support.BerthRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code berth up} in the middle of a blob push: after the restart the blob is
 * not visible, every file among the published blobs hashes to its name, and the same push
 * then succeeds.
 */
class RegistryDurabilityTest {
    @TempDir
    Path directory;

    @Test
    void aPushKilledHalfwayLeavesNoVisibleOrCorruptBlobAndCanBeRedone() throws Exception {
        byte[] content = new byte[32 * 1024 * 1024];
        new Random(11).nextBytes(content);
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        Path dataDir = directory.resolve("data");
        try (BerthProcess berth = BerthProcess.up(dataDir)) {
            BerthRegistry registry = new BerthRegistry(berth.endpoint(), directory.resolve("docker"));
            registry.aws().run("ecr", "create-repository", "--repository-name", "team/durable").ok();
            String location = registry.http("POST", "/v2/team/durable/blobs/uploads/", null).headers()
                    .firstValue("Location").orElseThrow();
            CountDownLatch halfSent = new CountDownLatch(1);
            InputStream stalling = new InputStream() {
                private int position;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] into, int offset, int length) throws IOException {
                    if (position >= content.length / 2) {
                        halfSent.countDown();
                        try {
                            Thread.sleep(60_000); // the server dies meanwhile
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                    int n = Math.min(length, Math.min(64 * 1024, content.length / 2 - position));
                    System.arraycopy(content, position, into, offset, n);
                    position += n;
                    return n;
                }
            };
            HttpRequest put = HttpRequest.newBuilder(berth.endpoint().resolve(location + "?digest=" + digest))
                    .header("Authorization", registry.basicAuth())
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> stalling)).build();
            CompletableFuture<HttpResponse<String>> push = HttpClient.newHttpClient()
                    .sendAsync(put, HttpResponse.BodyHandlers.ofString());
            assertThat(halfSent.await(60, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(500); // let the server write what it received

            berth.kill9();
            push.cancel(true);
        }

        try (BerthProcess restarted = BerthProcess.up(dataDir)) {
            BerthRegistry registry = new BerthRegistry(restarted.endpoint(), directory.resolve("docker"));

            assertThat(registry.http("HEAD", "/v2/team/durable/blobs/" + digest, null).statusCode()).isEqualTo(404);
            for (Path blob : publishedBlobs(dataDir)) {
                assertThat("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(blob)))).endsWith(blob.getFileName().toString());
            }
            assertThat(registry.http("POST", "/v2/team/durable/blobs/uploads/?digest=" + digest, content,
                    "Content-Type", "application/octet-stream").statusCode()).isEqualTo(201);
            assertThat(registry.http("GET", "/v2/team/durable/blobs/" + digest, null).body()).isEqualTo(content);
            AwsCli.Result repositories = registry.aws().run("ecr", "describe-repositories");
            assertThat(repositories.ok().at("/repositories/0/repositoryName").asText()).isEqualTo("team/durable");
        }
    }

    private static List<Path> publishedBlobs(Path dataDir) throws IOException {
        Path blobs = dataDir.resolve("registry").resolve("blobs");
        if (!Files.exists(blobs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
