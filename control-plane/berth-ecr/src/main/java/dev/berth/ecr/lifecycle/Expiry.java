package dev.berth.ecr.lifecycle;

import java.time.Instant;
import java.util.List;

/** An image a rule expires, and which rule. */
public record Expiry(String digest, List<String> tags, Instant pushedAt, int appliedRulePriority) {
}
