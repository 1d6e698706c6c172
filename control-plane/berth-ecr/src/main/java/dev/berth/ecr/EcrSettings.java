package dev.berth.ecr;

import java.time.Duration;

/**
 * How the registry is kept.
 *
 * @param gcGrace how long a blob no image references is kept: a push uploads its blobs before the manifest
 *     that references them, so an unreferenced blob younger than this may be one a push is about to use
 * @param sweepInterval how often lifecycle policies are applied and garbage is collected
 */
public record EcrSettings(Duration gcGrace, Duration sweepInterval) {
    public EcrSettings {
        if (gcGrace.isNegative() || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("the registry's GC grace must be ≥ 0 and its sweep interval > 0");
        }
    }

    public static EcrSettings defaults() {
        return new EcrSettings(Duration.ofHours(1), Duration.ofMinutes(10));
    }
}
