package dev.berth.registry.http;

/**
 * The error codes of the OCI distribution spec, with the statuses the reference registry
 * (distribution 2.8) answers them with, since that is what clients are tested against.
 */
public enum RegistryError {
    BLOB_UNKNOWN(404),
    BLOB_UPLOAD_INVALID(400),
    BLOB_UPLOAD_UNKNOWN(404),
    DIGEST_INVALID(400),
    MANIFEST_BLOB_UNKNOWN(400),
    MANIFEST_INVALID(400),
    MANIFEST_UNKNOWN(404),
    NAME_INVALID(400),
    NAME_UNKNOWN(404),
    SIZE_INVALID(400),
    TAG_INVALID(400),
    UNAUTHORIZED(401),
    DENIED(403),
    UNSUPPORTED(405);

    private final int status;

    RegistryError(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
