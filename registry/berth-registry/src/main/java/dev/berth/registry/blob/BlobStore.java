package dev.berth.registry.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Blobs on disk, named by their digest: {@code blobs/<algorithm>/<first two hex>/<hex>}. An upload
 * is a directory of its own under {@code uploads/} until its content has been verified and synced;
 * then one rename publishes it. A blob is therefore absent or complete whenever the process dies,
 * and an interrupted upload can be resumed after a restart.
 *
 * <p>Publication and deletion of a digest are serialised by a lock per digest (striped: 256 locks
 * bound the memory whatever the number of blobs, and two digests rarely share one). Callers record
 * a published blob in their index while holding it, and garbage collection re-checks the index
 * under it, so a blob is never deleted between being published and being recorded.
 *
 * <p>Called from virtual threads: locks are {@link ReentrantLock}s, which do not pin a carrier.
 */
public final class BlobStore {
    private static final int BUFFER = 256 * 1024;
    /** How much an upload writes between two background flushes. */
    private static final long FLUSH_EVERY = 8L * 1024 * 1024;
    private static final int STRIPES = 256;
    private static final String DATA = "data";
    private static final String STARTED = "started";

    private final Path blobs;
    private final Path uploads;
    private final Clock clock;
    private final ReentrantLock[] digestLocks = new ReentrantLock[STRIPES];
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    /** The running state of an upload in this process; rebuilt from its file after a restart. */
    private static final class Session {
        final ReentrantLock lock = new ReentrantLock();
        final Flusher flusher = new Flusher();
        MessageDigest sha256;
        long size = -1;
    }

    /**
     * Syncs an upload's file in the background while it is still being written, so that the sync
     * publication needs finds little left to write: the disk works while the network does, rather
     * than after it. A request made while a sync runs is folded into the next one.
     */
    private static final class Flusher {
        private final AtomicBoolean running = new AtomicBoolean();
        private volatile boolean again;

        void request(Path file) {
            again = true;
            if (!running.compareAndSet(false, true)) {
                return;
            }
            Thread.startVirtualThread(() -> {
                try {
                    while (again) {
                        again = false;
                        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                            channel.force(false);
                        } catch (IOException gone) {
                            return; // the upload finished or went away: its commit syncs what counts
                        }
                    }
                } finally {
                    running.set(false);
                }
            });
        }
    }

    public BlobStore(Path root) {
        this(root, Clock.systemUTC());
    }

    /** @param clock stamps an upload's start, which {@link #purgeUploads} compares with its cutoff */
    public BlobStore(Path root, Clock clock) {
        this.blobs = root.resolve("blobs");
        this.uploads = root.resolve("uploads");
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            digestLocks[i] = new ReentrantLock();
        }
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(uploads);
            // The 256 sha256 prefix directories exist from the start, so that publishing a blob
            // never has to create (and sync) a directory on a push's path.
            Path sha256 = blobs.resolve("sha256");
            if (!Files.isDirectory(sha256.resolve("ff"))) {
                for (int prefix = 0; prefix < 256; prefix++) {
                    Files.createDirectories(sha256.resolve(String.format("%02x", prefix)));
                }
                syncDirectory(sha256);
                syncDirectory(blobs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the registry's directories under " + root, e);
        }
    }

    public Path file(Digest digest) {
        return blobs.resolve(digest.algorithm()).resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    public OptionalLong size(Digest digest) {
        try {
            return OptionalLong.of(Files.size(file(digest)));
        } catch (NoSuchFileException absent) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String startUpload() {
        String id = UUID.randomUUID().toString();
        Path directory = uploads.resolve(id);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(STARTED), Long.toString(clock.millis()));
            Files.createFile(directory.resolve(DATA));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an upload under " + uploads, e);
        }
        return id;
    }

    public long uploadSize(String uploadId) {
        return locked(uploadId, session -> {
            running(uploadId, session);
            return session.size;
        });
    }

    public Instant uploadStartedAt(String uploadId) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(Files.readString(directory(uploadId).resolve(STARTED)).trim()));
        } catch (NoSuchFileException e) {
            throw new BlobUploadUnknownException(uploadId);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("upload " + uploadId + " has an unreadable start time", e);
        }
    }

    /**
     * Appends the whole stream to an upload.
     *
     * @param expectedOffset where the chunk claims to start; negative not to check
     * @return the upload's size after the chunk
     */
    public long append(String uploadId, InputStream in, long expectedOffset) throws IOException {
        return lockedIo(uploadId, session -> {
            running(uploadId, session);
            if (expectedOffset >= 0 && expectedOffset != session.size) {
                throw new UploadOffsetException(expectedOffset, session.size);
            }
            write(uploadId, session, in);
            return session.size;
        });
    }

    /**
     * Completes an upload: appends {@code lastChunk}, checks the digest, syncs, publishes, and runs
     * {@code whilePublished} under the digest's lock. The upload is gone afterwards, also when the
     * digest did not match.
     *
     * @return the blob's size
     */
    public long commit(String uploadId, Digest expected, InputStream lastChunk, Runnable whilePublished)
            throws IOException {
        return lockedIo(uploadId, session -> {
            running(uploadId, session);
            if (lastChunk != null) {
                write(uploadId, session, lastChunk);
            }
            Path data = directory(uploadId).resolve(DATA);
            Digest actual = expected.algorithm().equals("sha256")
                    ? new Digest("sha256", HexFormat.of().formatHex(((MessageDigest) clone(session.sha256)).digest()))
                    : hash(data, expected.algorithm());
            if (!actual.equals(expected)) {
                remove(uploadId);
                throw new DigestMismatchException(expected, actual);
            }
            try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            long size = session.size;
            publish(data, expected, whilePublished);
            remove(uploadId);
            return size;
        });
    }

    /** A monolithic upload: {@link #startUpload} and {@link #commit} in one. */
    public long put(InputStream in, Digest expected, Runnable whilePublished) throws IOException {
        String uploadId = startUpload();
        try {
            return commit(uploadId, expected, in, whilePublished);
        } finally {
            if (Files.exists(uploads.resolve(uploadId))) {
                remove(uploadId); // the client went away mid-body: nothing to resume by this id
            }
        }
    }

    public void cancel(String uploadId) {
        locked(uploadId, session -> {
            if (!Files.isDirectory(uploads.resolve(uploadId))) {
                throw new BlobUploadUnknownException(uploadId);
            }
            remove(uploadId);
            return null;
        });
    }

    /** Runs {@code action} holding the digest's lock: what links a published blob does it there. */
    public <T> T withLock(Digest digest, Supplier<T> action) {
        ReentrantLock lock = lockOf(digest);
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Deletes a blob if, checked under the digest's lock, it is still unreferenced. */
    public boolean deleteIf(Digest digest, BooleanSupplier stillUnreferenced) {
        return withLock(digest, () -> {
            Path file = file(digest);
            if (!Files.exists(file) || !stillUnreferenced.getAsBoolean()) {
                return false;
            }
            try {
                Files.delete(file);
                syncDirectory(file.getParent());
                return true;
            } catch (NoSuchFileException gone) {
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public List<BlobEntry> list() throws IOException {
        List<BlobEntry> entries = new ArrayList<>();
        for (String algorithm : List.of("sha256", "sha512")) {
            Path root = blobs.resolve(algorithm);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root, 2)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Digest digest;
                    try {
                        digest = new Digest(algorithm, file.getFileName().toString());
                    } catch (IllegalArgumentException notABlob) {
                        continue;
                    }
                    try {
                        entries.add(new BlobEntry(digest, Files.size(file), Files.getLastModifiedTime(file).toInstant()));
                    } catch (NoSuchFileException deletedMeanwhile) {
                        // collected while listing
                    }
                }
            }
        }
        return entries;
    }

    public long totalBytes() throws IOException {
        return list().stream().mapToLong(BlobEntry::size).sum();
    }

    /** Deletes uploads started before {@code startedBefore}: pushes their clients abandoned. */
    public int purgeUploads(Instant startedBefore) {
        int purged = 0;
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(uploads)) {
            for (Path directory : directories) {
                String id = directory.getFileName().toString();
                if (!isUploadId(id)) {
                    continue; // not ours (lost+found, an operator's file): left alone
                }
                Instant started;
                try {
                    started = uploadStartedAt(id);
                } catch (BlobUploadUnknownException | IllegalStateException unreadable) {
                    started = Files.getLastModifiedTime(directory).toInstant();
                }
                if (started.isBefore(startedBefore)) {
                    locked(id, session -> {
                        remove(id);
                        return null;
                    });
                    purged++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return purged;
    }

    // ---- internals

    private void publish(Path data, Digest digest, Runnable whilePublished) throws IOException {
        Path target = file(digest);
        ReentrantLock lock = lockOf(digest);
        lock.lock();
        try {
            if (!Files.exists(target)) {
                Path parent = target.getParent();
                if (!Files.isDirectory(parent)) {
                    Files.createDirectories(parent);
                    syncDirectory(parent.getParent());
                    syncDirectory(parent.getParent().getParent());
                }
                try {
                    Files.move(data, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException published) {
                    // another process's copy: same content by definition
                }
                syncDirectory(parent);
            }
            whilePublished.run();
        } finally {
            lock.unlock();
        }
    }

    private void write(String uploadId, Session session, InputStream in) throws IOException {
        Path data = directory(uploadId).resolve(DATA);
        byte[] buffer = new byte[BUFFER];
        long unflushed = 0;
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, BUFFER)) > 0) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
                session.sha256.update(buffer, 0, n);
                session.size += n;
                unflushed += n;
                if (unflushed >= FLUSH_EVERY) {
                    session.flusher.request(data);
                    unflushed = 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // part of a chunk may be on disk: the running state is rebuilt from the file when next needed
            session.sha256 = null;
            session.size = -1;
            throw e;
        }
    }

    /** Makes sure the session's digest and size describe the upload's file. */
    private void running(String uploadId, Session session) throws IOException {
        Path directory = uploads.resolve(uploadId);
        if (!Files.isDirectory(directory)) {
            throw new BlobUploadUnknownException(uploadId);
        }
        if (session.sha256 != null && session.size >= 0) {
            return;
        }
        MessageDigest sha256 = Digest.messageDigest("sha256");
        long size = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(directory.resolve(DATA))) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha256.update(buffer, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            throw new BlobUploadUnknownException(uploadId);
        }
        session.sha256 = sha256;
        session.size = size;
    }

    private static Digest hash(Path file, String algorithm) throws IOException {
        MessageDigest digest = Digest.messageDigest(algorithm);
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return new Digest(algorithm, HexFormat.of().formatHex(digest.digest()));
    }

    private static Object clone(MessageDigest digest) {
        try {
            return digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    private static boolean isUploadId(String name) {
        return name != null && name.matches("[0-9a-f-]{36}");
    }

    private Path directory(String uploadId) {
        if (!isUploadId(uploadId)) {
            throw new BlobUploadUnknownException(uploadId); // never a path outside uploads/
        }
        return uploads.resolve(uploadId);
    }

    private void remove(String uploadId) {
        sessions.remove(uploadId);
        Path directory = uploads.resolve(uploadId);
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException gone) {
            // removed already
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove upload " + uploadId, e);
        }
    }

    private ReentrantLock lockOf(Digest digest) {
        return digestLocks[Math.floorMod(digest.hex().hashCode(), STRIPES)];
    }

    @FunctionalInterface
    private interface SessionWork<T> {
        T run(Session session) throws IOException;
    }

    private <T> T lockedIo(String uploadId, SessionWork<T> work) throws IOException {
        directory(uploadId);
        Session session = sessions.computeIfAbsent(uploadId, id -> new Session());
        session.lock.lock();
        try {
            return work.run(session);
        } catch (BlobUploadUnknownException unknown) {
            sessions.remove(uploadId, session);
            throw unknown;
        } finally {
            session.lock.unlock();
        }
    }

    private <T> T locked(String uploadId, SessionWork<T> work) {
        try {
            return lockedIo(uploadId, work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
