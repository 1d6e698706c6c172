package dev.berth.ecr.lifecycle;

import java.time.Instant;
import java.util.List;

/** An image as lifecycle rules see it. */
public record ImageCandidate(String digest, List<String> tags, Instant pushedAt) {
    public ImageCandidate {
        tags = List.copyOf(tags);
    }
}
