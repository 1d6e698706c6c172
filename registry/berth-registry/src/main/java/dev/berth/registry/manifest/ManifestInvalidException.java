package dev.berth.registry.manifest;

/** A manifest the registry refuses; the message names what is wrong (OCI: MANIFEST_INVALID). */
public final class ManifestInvalidException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ManifestInvalidException(String message) {
        super(message, null, false, false);
    }
}
