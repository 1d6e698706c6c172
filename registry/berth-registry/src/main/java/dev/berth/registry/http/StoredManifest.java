package dev.berth.registry.http;

import dev.berth.registry.blob.Digest;

/**
 * A manifest as the index holds it: the exact bytes that were pushed, which its digest covers.
 *
 * @param mediaType the type it was pushed as, returned as its Content-Type
 */
public record StoredManifest(Digest digest, String mediaType, byte[] body) {
}
