package dev.berth.registry.http;

/**
 * A request the registry refuses, answered as an OCI error body. Thrown by the protocol handler
 * and by a {@link RegistryIndex} (an immutable tag, a manifest whose blobs are missing).
 */
public final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RegistryError error;
    private final transient Object detail;

    public RegistryException(RegistryError error, String message) {
        this(error, message, null);
    }

    /** @param detail what the error is about (a digest, a tag), rendered as the error's {@code detail}; may be null */
    public RegistryException(RegistryError error, String message, Object detail) {
        super(message, null, false, false);
        this.error = error;
        this.detail = detail;
    }

    public RegistryError error() {
        return error;
    }

    public Object detail() {
        return detail;
    }
}
