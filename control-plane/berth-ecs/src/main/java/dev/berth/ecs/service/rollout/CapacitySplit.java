package dev.berth.ecs.service.rollout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many of a deployment's tasks each capacity provider gets: the provider with a base gets
 * its first {@code base} tasks, the rest go to the providers in proportion to their weights,
 * one task at a time to whichever is furthest below its share (ties to the earlier entry): weights
 * 1:3 over 4 tasks give 1 and 3, over 8 tasks 2 and 6. A provider of weight 0 gets its base only.
 */
public final class CapacitySplit {
    private CapacitySplit() {
    }

    /** Tasks per provider, in strategy order; with no strategy, all of them under the key null. */
    public static Map<String, Integer> targets(int desired, List<ProviderShare> shares) {
        Map<String, Integer> targets = new LinkedHashMap<>();
        if (shares.isEmpty()) {
            targets.put(null, desired);
            return targets;
        }
        shares.forEach(share -> targets.put(share.provider(), 0));
        int remaining = desired;
        for (ProviderShare share : shares) {
            int base = Math.min(share.base(), remaining);
            targets.merge(share.provider(), base, Integer::sum);
            remaining -= base;
        }
        long totalWeight = shares.stream().mapToLong(ProviderShare::weight).sum();
        if (totalWeight == 0) {
            return targets;
        }
        Map<String, Integer> byWeight = new LinkedHashMap<>();
        shares.forEach(share -> byWeight.put(share.provider(), 0));
        for (int k = 1; k <= remaining; k++) {
            ProviderShare best = null;
            double bestDeficit = Double.NEGATIVE_INFINITY;
            for (ProviderShare share : shares) {
                if (share.weight() == 0) {
                    continue;
                }
                double deficit = (double) k * share.weight() / totalWeight - byWeight.get(share.provider());
                if (deficit > bestDeficit + 1e-9) {
                    best = share;
                    bestDeficit = deficit;
                }
            }
            byWeight.merge(best.provider(), 1, Integer::sum);
            targets.merge(best.provider(), 1, Integer::sum);
        }
        return targets;
    }
}
