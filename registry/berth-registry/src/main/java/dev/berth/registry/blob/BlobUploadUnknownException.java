package dev.berth.registry.blob;

/** An upload id that was never started, or has finished, been cancelled or purged. */
public final class BlobUploadUnknownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BlobUploadUnknownException(String uploadId) {
        super("unknown upload " + uploadId, null, false, false);
    }
}
