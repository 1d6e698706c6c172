package dev.berth.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The truth of a Berth installation: versioned records of every kind, written with optimistic
 * concurrency in multi-record transactions, each committed transaction advancing one global,
 * monotonic change index.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Write transactions are serialised, so change indexes are assigned in commit order: a
 *       reader that has seen index N has seen every write up to N, and a watcher following
 *       {@link #changesSince} never skips one.</li>
 *   <li>A write returns only after it is durable; a failed write leaves nothing behind.</li>
 *   <li>The store never reads a clock nor generates an id: callers put both into the records.</li>
 * </ul>
 * Thread-safe.
 */
public interface Store extends AutoCloseable {
    Optional<Record> get(String kind, String id);

    List<Record> list(ListQuery query);

    /**
     * Runs {@code work} in one serialised transaction and commits it.
     *
     * @throws ConflictException when a put or delete met another version than it expected; rolled back
     */
    <T> T write(Function<Transaction, T> work);

    /** The index of the newest committed transaction (0 for an empty store). */
    long currentIndex();

    /**
     * Blocks until the change index passes {@code after} or {@code timeout} elapses.
     *
     * @return the current index: greater than {@code after} unless the wait timed out
     */
    long awaitIndex(long after, Duration timeout) throws InterruptedException;

    /**
     * Records (tombstones included) written after index {@code after}, oldest first, in whole
     * transactions: about {@code limit} of them, more when the transaction at the limit wrote
     * more, so that a reader resuming after the last record's index misses nothing.
     */
    List<Record> changesSince(long after, int limit);

    @Override
    void close();

    /**
     * Retries {@code work} on conflict, re-running it from the start with fresh reads, at most
     * {@code attempts} times in all.
     */
    default <T> T writeRetrying(int attempts, Function<Transaction, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write(work);
            } catch (ConflictException e) {
                if (attempt >= attempts) {
                    throw e;
                }
            }
        }
    }
}
