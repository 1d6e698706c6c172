package dev.berth.ecr.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * An image a policy expires, as a preview result reports it.
 *
 * @param appliedRulePriority the rulePriority of the one rule that expires it
 */
public record Expiry(String digest, List<String> tags, Instant pushedAt, int appliedRulePriority) {
    public Expiry {
        tags = List.copyOf(tags);
    }
}
