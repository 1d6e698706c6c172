package dev.berth.store;

/**
 * A write expected a version the record no longer has (or expected it absent and it exists).
 * The transaction was rolled back and nothing of it was written; read again and retry.
 */
public final class ConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String id;

    public ConflictException(String kind, String id, long expectedVersion, long actualVersion) {
        super(kind + "/" + id + ": expected version " + expectedVersion + " but found " + actualVersion);
        this.kind = kind;
        this.id = id;
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
