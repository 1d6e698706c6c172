package dev.berth.ecr.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which images a policy expires, by ECR's evaluation rules (Amazon ECR User Guide, "Lifecycle policy
 * evaluation rules", and the worked examples in "Examples of lifecycle policies"):
 * <ul>
 *   <li>rules apply in rulePriority order, lowest first, and an image is expired by one rule or none;</li>
 *   <li>an image that matches the tagging requirements of a rule cannot be expired by any rule after it,
 *       whether or not that rule expires it;</li>
 *   <li>yet later rules still count it ("can still identify them as if they haven't been expired"): an
 *       {@code imageCountMoreThan} rule keeps its newest N among every image it selects, so an image kept
 *       only because an earlier rule claimed it still takes one of the N places. The guide's last example
 *       depends on this: its any-rule keeps an untagged image the untagged rule claimed, and so expires the
 *       next newest;</li>
 *   <li>images are ranked by push time; equal push times are ranked by digest, so a result never depends on
 *       the order images are listed in.</li>
 * </ul>
 * A pure function: the time is an argument, and nothing is read or written.
 */
public final class LifecycleEvaluator {
    private static final Comparator<ImageCandidate> OLDEST_FIRST =
            Comparator.comparing(ImageCandidate::pushedAt).thenComparing(ImageCandidate::digest);

    private LifecycleEvaluator() {
    }

    /**
     * The images {@code policy} expires at {@code now}: by rule priority, then oldest first.
     *
     * @param images a repository's images, one per digest
     */
    public static List<Expiry> evaluate(LifecyclePolicy policy, List<ImageCandidate> images, Instant now) {
        Set<String> claimed = new HashSet<>();
        List<Expiry> expired = new ArrayList<>();
        for (LifecycleRule rule : policy.rules()) {
            List<ImageCandidate> selected = images.stream().filter(image -> rule.selects(image.tags()))
                    .sorted(OLDEST_FIRST).toList();
            for (ImageCandidate image : expiring(rule, selected, now)) {
                if (!claimed.contains(image.digest())) {
                    expired.add(new Expiry(image.digest(), image.tags(), image.pushedAt(), rule.rulePriority()));
                }
            }
            selected.forEach(image -> claimed.add(image.digest()));
        }
        return List.copyOf(expired);
    }

    /** What the rule alone would expire among the images it selects (oldest first), oldest first. */
    private static List<ImageCandidate> expiring(LifecycleRule rule, List<ImageCandidate> selected, Instant now) {
        return switch (rule.countType()) {
            case IMAGE_COUNT_MORE_THAN -> selected.subList(0, Math.max(0, selected.size() - rule.countNumber()));
            case SINCE_IMAGE_PUSHED -> {
                // "older than the specified number of days": an image exactly N days old stays
                Instant cutoff = now.minus(Duration.ofDays(rule.countNumber()));
                yield selected.stream().filter(image -> image.pushedAt().isBefore(cutoff)).toList();
            }
        };
    }
}
