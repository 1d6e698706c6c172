package dev.berth.registry.blob;

/** A chunk that does not start where the upload stands (OCI: 416 with the current range). */
public final class UploadOffsetException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long currentSize;

    public UploadOffsetException(long expected, long currentSize) {
        super("the chunk starts at " + expected + " but the upload has " + currentSize + " bytes", null, false, false);
        this.currentSize = currentSize;
    }

    public long currentSize() {
        return currentSize;
    }
}
