package dev.berth.ecr.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An image as lifecycle rules see it: ECR's rules look only at an image's tags and its push time.
 *
 * @param tags empty for an untagged image
 */
public record ImageCandidate(String digest, List<String> tags, Instant pushedAt) {
    public ImageCandidate {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(pushedAt, "pushedAt");
        tags = List.copyOf(tags);
    }
}
