package dev.berth.store;

import java.util.List;
import java.util.Optional;

/**
 * The view a write transaction has of the store: reads see its own writes; everything commits
 * together or not at all. Valid only inside {@link Store#write}; confined to the calling thread.
 */
public interface Transaction {
    Optional<Record> get(String kind, String id);

    List<Record> list(ListQuery query);

    /**
     * Creates or replaces a record.
     *
     * @param expectedVersion 0 when the record must not exist yet, otherwise the version it must have
     * @return the record as written
     * @throws ConflictException when the record is not at {@code expectedVersion}
     */
    Record put(String kind, String id, String body, long expectedVersion);

    /**
     * Creates or replaces a record; when this creates it, it also gets the secondary key
     * {@code indexKey} (a replacement keeps the key the record was created with).
     */
    Record put(String kind, String id, String body, long expectedVersion, String indexKey);

    /**
     * Deletes a record, leaving a tombstone that {@link Store#changesSince} reports.
     *
     * @throws ConflictException when the record is not at {@code expectedVersion}
     */
    void delete(String kind, String id, long expectedVersion);

    /** The change index every write of this transaction carries. */
    long changeIndex();
}
