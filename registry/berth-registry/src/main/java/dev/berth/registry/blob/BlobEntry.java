package dev.berth.registry.blob;

import java.time.Instant;

/** A published blob as garbage collection sees it. */
public record BlobEntry(Digest digest, long size, Instant modifiedAt) {
}
