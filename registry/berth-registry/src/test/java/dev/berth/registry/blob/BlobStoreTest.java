package dev.berth.registry.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
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

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
    void concurrentAppendsToOneUploadAreSerialisedSoItsRunningDigestDescribesItsFile() throws Exception {
        BlobStore store = new BlobStore(root);
        String upload = store.startUpload();
        int chunks = 16;
        int chunkSize = 300_000; // more than one copy buffer, so unserialised writers would interleave
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Long>> appends = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                byte[] chunk = random(chunkSize, 100 + i);
                appends.add(pool.submit(() -> store.append(upload, in(chunk), -1)));
            }
            for (Future<Long> append : appends) {
                append.get();
            }
        }
        byte[] onDisk = Files.readAllBytes(root.resolve("uploads").resolve(upload).resolve("data"));

        assertThat(store.uploadSize(upload)).isEqualTo((long) chunks * chunkSize).isEqualTo(onDisk.length);
        // the commit checks the digest kept in memory against the one of what the file holds
        assertThat(store.commit(upload, Digest.sha256(onDisk), null, () -> { })).isEqualTo(onDisk.length);
    }

    @Test
    void aSha512DigestIsVerifiedToo() throws IOException {
        BlobStore store = new BlobStore(root);
        byte[] content = random(700_000, 7);
        MessageDigest sha512 = Digest.parse("sha512:" + "0".repeat(128)).newMessageDigest();
        Digest digest = new Digest("sha512", HexFormat.of().formatHex(sha512.digest(content)));
        String upload = store.startUpload();
        store.append(upload, in(content, 0, 300_000), 0);

        assertThatThrownBy(() -> store.put(in(content), new Digest("sha512", "1".repeat(128)), () -> { }))
                .isInstanceOf(DigestMismatchException.class);
        assertThat(store.commit(upload, digest, in(content, 300_000, content.length), () -> { }))
                .isEqualTo(content.length);
        assertThat(Files.readAllBytes(store.file(digest))).isEqualTo(content);
        assertThat(store.file(digest).toString()).contains("blobs/sha512/");
        assertThat(store.list()).extracting(BlobEntry::digest).containsExactly(digest);
    }

    @Test
    void aMonolithicUploadWhoseBodyBreaksOffLeavesNothingBehind() throws IOException {
        BlobStore store = new BlobStore(root);
        byte[] content = random(1024 * 1024, 8);
        Digest digest = Digest.sha256(content);
        InputStream brokenOff = new InputStream() {
            private final InputStream first = in(content, 0, 600_000);

            @Override
            public int read() throws IOException {
                throw new UnsupportedOperationException("the store reads in blocks");
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = first.read(buffer, offset, length);
                if (n < 0) {
                    throw new IOException("connection reset");
                }
                return n;
            }
        };

        assertThatThrownBy(() -> store.put(brokenOff, digest, () -> { })).hasMessage("connection reset");
        assertThat(store.size(digest)).isEmpty();
        assertThat(store.list()).isEmpty();
        try (Stream<Path> uploads = Files.list(root.resolve("uploads"))) {
            assertThat(uploads).isEmpty();
        }
        assertThat(store.put(in(content), digest, () -> { })).isEqualTo(content.length);
    }

    @Test
    void whatAPutKilledMidBodyLeavesIsNeverABlobAndIsPurgedLater() throws IOException {
        byte[] content = random(1024 * 1024, 9);
        Digest digest = Digest.sha256(content);
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        // a put is an upload under uploads/: kill -9 mid-body leaves its directory with part of the data
        String killed = new BlobStore(root, Clock.fixed(start, ZoneOffset.UTC)).startUpload();
        Files.write(root.resolve("uploads").resolve(killed).resolve("data"), Arrays.copyOf(content, 400_000));
        // and a kill between creating an upload's directory and stamping its start leaves only the directory
        Path unstamped = Files.createDirectory(root.resolve("uploads").resolve("00000000-0000-4000-8000-000000000000"));
        Files.setLastModifiedTime(unstamped, java.nio.file.attribute.FileTime.from(start));
        Path notAnUpload = Files.createDirectory(root.resolve("uploads").resolve("lost+found"));

        BlobStore restarted = new BlobStore(root, Clock.fixed(start.plusSeconds(7200), ZoneOffset.UTC));
        assertThat(restarted.size(digest)).isEmpty();
        assertThat(restarted.list()).isEmpty();
        assertThat(restarted.totalBytes()).isZero();
        assertThat(restarted.uploadStartedAt(killed)).isEqualTo(start);
        String recent = restarted.startUpload();

        assertThat(restarted.purgeUploads(start.plusSeconds(3600))).isEqualTo(2);
        assertThatThrownBy(() -> restarted.uploadSize(killed)).isInstanceOf(BlobUploadUnknownException.class);
        assertThat(unstamped).doesNotExist();
        assertThat(notAnUpload).exists();
        assertThat(restarted.uploadSize(recent)).isZero();
    }

    @Test
    void aCollectionRacingAPushThatFindsTheBlobAlreadyPublishedNeverDeletesWhatThePushRecorded() throws Exception {
        BlobStore store = new BlobStore(root);
        byte[] content = random(32 * 1024, 10);
        Digest digest = Digest.sha256(content);
        for (int round = 0; round < 100; round++) {
            // the blob is on disk but no longer referenced, so garbage collection is about to take it, when a
            // push of the same content arrives and, finding it published, only records it
            store.put(in(content), digest, () -> { });
            AtomicBoolean indexed = new AtomicBoolean();
            CountDownLatch go = new CountDownLatch(1);
            String upload = store.startUpload();
            store.append(upload, in(content), 0);
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<Long> push = pool.submit(() -> {
                    go.await();
                    return store.commit(upload, digest, null, () -> indexed.set(true));
                });
                int head = round % 2 == 0 ? 0 : 200_000 * (round % 7); // sometimes the push gets a head start
                Future<Boolean> collect = pool.submit(() -> {
                    go.await();
                    for (long until = System.nanoTime() + head; System.nanoTime() < until; ) {
                        Thread.onSpinWait();
                    }
                    return store.deleteIf(digest, () -> {
                        // an index lookup takes time: wide enough a window for an unlocked push to slip in
                        boolean unreferenced = !indexed.get();
                        sleepQuietly(1);
                        return unreferenced;
                    });
                });
                go.countDown();
                push.get();
                collect.get();
            }
            assertThat(indexed).isTrue();
            assertThat(store.size(digest)).as("round %d", round).hasValue(content.length);
            assertThat(Files.readAllBytes(store.file(digest))).isEqualTo(content);
        }
    }

    @Test
    void deletionKeepsWhatIsStillReferencedAndCountsWhatIsLeft() throws IOException {
        BlobStore store = new BlobStore(root);
        byte[] small = random(1000, 11);
        byte[] large = random(300_000, 12);
        store.put(in(small), Digest.sha256(small), () -> { });
        store.put(in(large), Digest.sha256(large), () -> { });

        assertThat(store.totalBytes()).isEqualTo(301_000);
        assertThat(store.list()).extracting(BlobEntry::size).containsExactlyInAnyOrder(1000L, 300_000L);
        assertThat(store.deleteIf(Digest.sha256(small), () -> false)).isFalse();
        assertThat(store.deleteIf(Digest.sha256(large), () -> true)).isTrue();
        assertThat(store.deleteIf(Digest.sha256(large), () -> true)).isFalse();
        assertThat(store.size(Digest.sha256(large))).isEmpty();
        assertThat(store.totalBytes()).isEqualTo(1000);
    }

    @Test
    void aCancelledUploadIsGoneAndAnUnknownOneIsReportedAsSuch() throws IOException {
        BlobStore store = new BlobStore(root);
        String upload = store.startUpload();
        store.append(upload, in(new byte[10]), 0);
        store.cancel(upload);

        assertThatThrownBy(() -> store.cancel(upload)).isInstanceOf(BlobUploadUnknownException.class);
        assertThatThrownBy(() -> store.append(upload, in(new byte[1]), -1))
                .isInstanceOf(BlobUploadUnknownException.class);
        assertThatThrownBy(() -> store.uploadStartedAt(upload)).isInstanceOf(BlobUploadUnknownException.class);
        assertThatThrownBy(() -> store.commit(upload, Digest.sha256(new byte[10]), null, () -> { }))
                .isInstanceOf(BlobUploadUnknownException.class);
        assertThatThrownBy(() -> store.uploadSize("not-an-upload")).isInstanceOf(BlobUploadUnknownException.class);
    }

    @Test
    void digestsAreParsedStrictly() {
        String hex = "a".repeat(64);

        assertThat(Digest.parse("sha256:" + hex)).isEqualTo(new Digest("sha256", hex));
        assertThat(Digest.parse("sha512:" + "0".repeat(128)).algorithm()).isEqualTo("sha512");
        assertThat(Digest.sha256(new byte[0]).toString())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Digest.parse("sha512:" + "0".repeat(128)).newMessageDigest().getAlgorithm()).isEqualTo("SHA-512");
        assertThatThrownBy(() -> Digest.parse("md5:" + hex)).hasMessageContaining("unsupported digest algorithm 'md5'");
        assertThatThrownBy(() -> Digest.parse("SHA256:" + hex))
                .hasMessageContaining("unsupported digest algorithm 'SHA256'");
        assertThatThrownBy(() -> Digest.parse("sha256:" + hex.toUpperCase()))
                .hasMessageStartingWith("a sha256 digest is 64 lowercase hex characters: ")
                .hasMessageEndingWith("has 'A' at position 0");
        assertThatThrownBy(() -> Digest.parse("sha256:" + "g".repeat(64))).hasMessageContaining("'g' at position 0");
        assertThatThrownBy(() -> Digest.parse("sha256:abc"))
                .hasMessage("a sha256 digest is 64 lowercase hex characters, not 3");
        assertThatThrownBy(() -> Digest.parse("sha512:" + hex))
                .hasMessageContaining("is 128 lowercase hex characters, not 64");
        assertThatThrownBy(() -> Digest.parse(hex)).hasMessageContaining("expected algorithm:hex");
        assertThatThrownBy(() -> Digest.parse("x".repeat(10_000))).message().hasSizeLessThan(200);
        assertThatThrownBy(() -> Digest.parse(null)).hasMessageContaining("required");
        assertThatThrownBy(() -> new Digest(null, hex)).isInstanceOf(IllegalArgumentException.class);
    }
}
