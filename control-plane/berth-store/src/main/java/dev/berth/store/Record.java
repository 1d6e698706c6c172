package dev.berth.store;

import java.util.Objects;

/**
 * One versioned record of the store.
 *
 * @param kind the resource kind, e.g. {@code cluster}
 * @param id the key within the kind; ids sort by their UTF-8 bytes, so they can carry a hierarchy
 * @param version 1 on creation, +1 on every write of this record (including its deletion)
 * @param changeIndex the global change index of the transaction that wrote this version
 * @param body the record's content (JSON by convention); null for a deletion
 * @param indexKey an optional secondary key, set when the record is created and fixed for its
 *     life, by which {@link ListQuery#withIndexKey} finds it (a task's instance, say); or null
 */
public record Record(String kind, String id, long version, long changeIndex, String body, String indexKey) {
    public Record {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public Record(String kind, String id, long version, long changeIndex, String body) {
        this(kind, id, version, changeIndex, body, null);
    }

    /** A tombstone: what {@link Store#changesSince} reports for a deleted record. */
    public boolean deleted() {
        return body == null;
    }
}
