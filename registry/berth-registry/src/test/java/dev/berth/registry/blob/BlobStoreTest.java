package dev.berth.registry.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob store on a real directory: atomic publication, resumable uploads, and its locks. */
class BlobStoreTest {
    @TempDir
    Path root;

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static InputStream in(byte[] bytes, int from, int to) {
        return new ByteArrayInputStream(Arrays.copyOfRange(bytes, from, to));
    }

    @Test
    void aChunkedUploadIsPublishedUnderItsDigestOnlyOnceComplete() throws IOException {
        BlobStore store = new BlobStore(root);
        byte[] content = random(3 * 1024 * 1024 + 17, 1);
        Digest digest = Digest.sha256(content);
        String upload = store.startUpload();

        assertThat(store.append(upload, in(content, 0, 1_000_000), 0)).isEqualTo(1_000_000);
        assertThat(store.size(digest)).isEmpty();
        assertThat(store.append(upload, in(content, 1_000_000, 2_000_000), -1)).isEqualTo(2_000_000);
        long size = store.commit(upload, digest, in(content, 2_000_000, content.length), () -> { });

        assertThat(size).isEqualTo(content.length);
        assertThat(Files.readAllBytes(store.file(digest))).isEqualTo(content);
        assertThat(store.file(digest).toString()).endsWith("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex());
        assertThatThrownBy(() -> store.uploadSize(upload)).isInstanceOf(BlobUploadUnknownException.class);
        assertThat(store.list()).extracting(BlobEntry::digest).containsExactly(digest);
    }

    @Test
    void aChunkAtTheWrongOffsetIsRefusedWithTheUploadsSize() throws IOException {
        BlobStore store = new BlobStore(root);
        String upload = store.startUpload();
        store.append(upload, in(new byte[100]), 0);

        assertThatThrownBy(() -> store.append(upload, in(new byte[10]), 50))
                .isInstanceOfSatisfying(UploadOffsetException.class, e -> assertThat(e.currentSize()).isEqualTo(100));
        assertThat(store.append(upload, in(new byte[10]), 100)).isEqualTo(110);
    }

    @Test
    void contentThatDoesNotMatchItsDigestIsNeitherPublishedNorKept() throws IOException {
        BlobStore store = new BlobStore(root);
        byte[] content = random(1000, 2);
        Digest claimed = Digest.sha256(random(1000, 3));
        String upload = store.startUpload();

        assertThatThrownBy(() -> store.commit(upload, claimed, in(content), () -> { }))
                .isInstanceOfSatisfying(DigestMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(claimed);
                    assertThat(e.actual()).isEqualTo(Digest.sha256(content));
                });
        assertThatThrownBy(() -> store.put(in(content), claimed, () -> { })).isInstanceOf(DigestMismatchException.class);

        assertThat(store.size(claimed)).isEmpty();
        assertThat(store.list()).isEmpty();
        try (Stream<Path> uploads = Files.list(root.resolve("uploads"))) {
            assertThat(uploads).isEmpty();
        }
    }

    @Test
    void anUploadInterruptedByAProcessDeathIsInvisibleAndResumesAfterARestart() throws IOException {
        byte[] content = random(2 * 1024 * 1024, 4);
        Digest digest = Digest.sha256(content);
        String upload;
        {
            BlobStore before = new BlobStore(root);
            upload = before.startUpload();
            before.append(upload, in(content, 0, 700_000), 0);
            // a push killed mid-body also leaves the partial put of a monolithic upload behind
            String monolithic = before.startUpload();
            before.append(monolithic, in(content, 0, 5000), 0);
        }
        BlobStore after = new BlobStore(root); // as after kill -9: nothing in memory survives

        assertThat(after.size(digest)).isEmpty();
        assertThat(after.list()).isEmpty();
        assertThat(after.uploadSize(upload)).isEqualTo(700_000);
        after.append(upload, in(content, 700_000, content.length), 700_000);
        after.commit(upload, digest, null, () -> { });
        assertThat(Files.readAllBytes(after.file(digest))).isEqualTo(content);
    }

    @Test
    void uploadsAbandonedLongerAgoThanTheCutoffArePurged() throws IOException {
        BlobStore store = new BlobStore(root);
        String old = store.startUpload();

        assertThat(store.purgeUploads(Instant.now().minusSeconds(3600))).isZero();
        assertThat(store.purgeUploads(Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThatThrownBy(() -> store.uploadSize(old)).isInstanceOf(BlobUploadUnknownException.class);
        assertThatThrownBy(() -> store.cancel("../../etc")).isInstanceOf(BlobUploadUnknownException.class);
    }

    @Test
    void concurrentUploadsOfTheSameContentAllSucceedAndLeaveOneIntactFile() throws Exception {
        BlobStore store = new BlobStore(root);
        byte[] content = random(5 * 1024 * 1024, 5);
        Digest digest = Digest.sha256(content);
        AtomicInteger recorded = new AtomicInteger();
        List<Future<Long>> pushes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                boolean chunked = i % 2 == 0;
                pushes.add(pool.submit(() -> {
                    Runnable record = () -> {
                        assertThat(store.size(digest)).hasValue(content.length);
                        recorded.incrementAndGet();
                    };
                    if (!chunked) {
                        return store.put(in(content), digest, record);
                    }
                    String upload = store.startUpload();
                    store.append(upload, in(content, 0, content.length / 2), 0);
                    return store.commit(upload, digest, in(content, content.length / 2, content.length), record);
                }));
            }
            for (Future<Long> push : pushes) {
                assertThat(push.get()).isEqualTo(content.length);
            }
        }

        assertThat(recorded).hasValue(8);
        assertThat(Files.readAllBytes(store.file(digest))).isEqualTo(content);
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void deletionChecksItsConditionUnderTheDigestsLockSoAPublishedAndRecordedBlobSurvives() throws Exception {
        BlobStore store = new BlobStore(root);
        byte[] content = random(64 * 1024, 6);
        Digest digest = Digest.sha256(content);
        for (int round = 0; round < 200; round++) {
            AtomicBoolean indexed = new AtomicBoolean();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<Long> push = pool.submit(() -> store.put(in(content), digest, () -> indexed.set(true)));
                Future<Boolean> collect = pool.submit(() -> store.deleteIf(digest, () -> !indexed.get()));
                push.get();
                collect.get();
            }
            // whatever the interleaving: a blob the index has is on disk
            assertThat(indexed).isTrue();
            assertThat(store.size(digest)).as("round %d", round).hasValue(content.length);
            assertThat(store.deleteIf(digest, () -> true)).isTrue();
        }
    }

    @Test
    void digestsAreParsedStrictly() {
        String hex = "a".repeat(64);

        assertThat(Digest.parse("sha256:" + hex)).isEqualTo(new Digest("sha256", hex));
        assertThat(Digest.parse("sha512:" + "0".repeat(128)).algorithm()).isEqualTo("sha512");
        assertThat(Digest.sha256(new byte[0]).toString())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThatThrownBy(() -> Digest.parse("md5:" + hex)).hasMessageContaining("unsupported digest algorithm 'md5'");
        assertThatThrownBy(() -> Digest.parse("sha256:" + hex.toUpperCase())).hasMessageContaining("lowercase hex");
        assertThatThrownBy(() -> Digest.parse("sha256:abc")).hasMessageContaining("64 lowercase hex");
        assertThatThrownBy(() -> Digest.parse(hex)).hasMessageContaining("expected algorithm:hex");
        assertThatThrownBy(() -> Digest.parse(null)).hasMessageContaining("required");
    }
}
