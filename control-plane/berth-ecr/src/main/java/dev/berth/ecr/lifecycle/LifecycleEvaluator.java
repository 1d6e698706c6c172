package dev.berth.ecr.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which images a policy expires, with ECR's precedence rules (Amazon ECR User Guide, "Lifecycle
 * policy evaluation rules"):
 * <ul>
 *   <li>rules are applied in rulePriority order, lowest first, and an image is expired by at most one;</li>
 *   <li>an image that matches the tagging requirements of a rule cannot be expired by a rule of lower
 *       priority — yet lower rules still count it ("can still identify them as if they haven't been
 *       expired"), so an {@code imageCountMoreThan} rule keeps its newest N among everything it selects;</li>
 *   <li>expiry goes by push time, older images first.</li>
 * </ul>
 * A pure function: no clock, no I/O.
 */
public final class LifecycleEvaluator {
    private static final Comparator<ImageCandidate> NEWEST_FIRST =
            Comparator.comparing(ImageCandidate::pushedAt).reversed().thenComparing(ImageCandidate::digest);

    private LifecycleEvaluator() {
    }

    public static List<Expiry> evaluate(LifecyclePolicy policy, List<ImageCandidate> images, Instant now) {
        Set<String> claimed = new HashSet<>();
        Map<String, Expiry> expired = new LinkedHashMap<>();
        for (LifecycleRule rule : policy.rules()) {
            List<ImageCandidate> selected = images.stream().filter(image -> rule.selects(image.tags()))
                    .sorted(NEWEST_FIRST).toList();
            List<ImageCandidate> expiring = new ArrayList<>();
            if (rule.countType() == CountType.IMAGE_COUNT_MORE_THAN) {
                if (selected.size() > rule.countNumber()) {
                    expiring.addAll(selected.subList(rule.countNumber(), selected.size()));
                }
            } else {
                Instant cutoff = now.minus(Duration.ofDays(rule.countNumber()));
                selected.stream().filter(image -> image.pushedAt().isBefore(cutoff)).forEach(expiring::add);
            }
            expiring.sort(NEWEST_FIRST.reversed());
            for (ImageCandidate image : expiring) {
                if (!claimed.contains(image.digest()) && !expired.containsKey(image.digest())) {
                    expired.put(image.digest(), new Expiry(image.digest(), image.tags(), image.pushedAt(),
                            rule.rulePriority()));
                }
            }
            selected.forEach(image -> claimed.add(image.digest()));
        }
        return List.copyOf(expired.values());
    }
}
