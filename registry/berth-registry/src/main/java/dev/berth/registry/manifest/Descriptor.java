package dev.berth.registry.manifest;

import dev.berth.registry.blob.Digest;
import java.util.Map;

/**
 * What a manifest says of content it references (OCI image-spec descriptor).
 *
 * @param mediaType the referenced content's media type
 * @param digest its digest
 * @param size its size in bytes
 * @param artifactType the artifact type, when the descriptor carries one (null otherwise)
 * @param annotations the descriptor's annotations (empty when none)
 */
public record Descriptor(String mediaType, Digest digest, long size, String artifactType,
                         Map<String, String> annotations) {
}
