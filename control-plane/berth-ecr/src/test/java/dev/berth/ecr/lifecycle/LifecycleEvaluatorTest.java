package dev.berth.ecr.lifecycle;

import static dev.berth.ecr.lifecycle.PolicyText.any;
import static dev.berth.ecr.lifecycle.PolicyText.keepNewest;
import static dev.berth.ecr.lifecycle.PolicyText.olderThanDays;
import static dev.berth.ecr.lifecycle.PolicyText.patterns;
import static dev.berth.ecr.lifecycle.PolicyText.policy;
import static dev.berth.ecr.lifecycle.PolicyText.prefixes;
import static dev.berth.ecr.lifecycle.PolicyText.rule;
import static dev.berth.ecr.lifecycle.PolicyText.untagged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * ECR's evaluation rules on a fixed clock. Display names quote the Amazon ECR User Guide:
 * "Lifecycle policy evaluation rules" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html#lp_evaluation_rules),
 * "Lifecycle policy properties" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html),
 * and the worked examples of "Examples of lifecycle policies"
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html), replayed image for
 * image with the guide's stated result.
 */
class LifecycleEvaluatorTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private static ImageCandidate image(String digest, Duration age, String... tags) {
        return new ImageCandidate(digest, List.of(tags), NOW.minus(age));
    }

    private static ImageCandidate hoursOld(String digest, int hours, String... tags) {
        return image(digest, Duration.ofHours(hours), tags);
    }

    private static ImageCandidate daysOld(String digest, int days, String... tags) {
        return image(digest, Duration.ofDays(days), tags);
    }

    private static List<Expiry> evaluate(String policy, List<ImageCandidate> images) {
        return LifecycleEvaluator.evaluate(LifecyclePolicy.parse(policy), images, NOW);
    }

    private static List<String> expired(String policy, List<ImageCandidate> images) {
        return evaluate(policy, images).stream().map(Expiry::digest).toList();
    }

    @Nested
    class CountTypes {
        @Test
        @DisplayName("imageCountMoreThan: \"images are sorted from youngest to oldest based on pushed_at_time and then "
                + "all images greater than the specified count are expired\" — the newest 3 of 6 prod images stay")
        void imageCountMoreThanKeepsTheNewest() {
            List<ImageCandidate> images = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                images.add(hoursOld("prod-" + i, 10 - i, "prod-" + i));
            }
            images.add(hoursOld("dev", 100, "dev-1"));

            List<Expiry> expiries = evaluate(policy(rule(1, keepNewest(3, prefixes("prod")))), images);

            // "Expiration is always ordered by pushed_at_time, and always expires older images before newer ones."
            assertThat(expiries).extracting(Expiry::digest, Expiry::tags, Expiry::pushedAt, Expiry::appliedRulePriority)
                    .containsExactly(tuple("prod-1", List.of("prod-1"), NOW.minus(Duration.ofHours(9)), 1),
                            tuple("prod-2", List.of("prod-2"), NOW.minus(Duration.ofHours(8)), 1),
                            tuple("prod-3", List.of("prod-3"), NOW.minus(Duration.ofHours(7)), 1));
        }

        @Test
        @DisplayName("imageCountMoreThan expires nothing while a rule selects no more than countNumber images")
        void imageCountMoreThanAtTheLimit() {
            assertThat(expired(policy(rule(1, keepNewest(2, untagged()))),
                    List.of(hoursOld("a", 5), hoursOld("b", 4)))).isEmpty();
        }

        @Test
        @DisplayName("sinceImagePushed: \"all images whose pushed_at_time is older than the specified number of days "
                + "based on countNumber are expired\" — 25 hours old goes, 23 hours and exactly a day stay")
        void sinceImagePushedExpiresImagesOlderThanTheDays() {
            List<ImageCandidate> images = List.of(hoursOld("25h", 25), hoursOld("23h", 23), hoursOld("24h", 24),
                    hoursOld("tagged-48h", 48, "v1"));

            assertThat(expired(policy(rule(1, olderThanDays(1, untagged()))), images)).containsExactly("25h");
        }

        @Test
        @DisplayName("sinceImagePushed counts days as 24 hours, whatever the calendar")
        void daysAreTwentyFourHours() {
            List<ImageCandidate> images = List.of(image("just-over", Duration.ofDays(30).plusSeconds(1)),
                    image("just-under", Duration.ofDays(30).minusSeconds(1)));

            assertThat(expired(policy(rule(1, olderThanDays(30, untagged()))), images)).containsExactly("just-over");
        }
    }

    @Nested
    class Precedence {
        @Test
        @DisplayName("\"An image that matches the tagging requirements of a rule cannot be expired by a rule with a "
                + "lower priority\" — a tagged rule protects its images from a later any-rule")
        void aHigherRuleProtectsWhatItSelects() {
            List<ImageCandidate> images = List.of(hoursOld("release-old", 50, "release-1"),
                    hoursOld("release-new", 1, "release-2"), hoursOld("other-old", 40, "feature"),
                    hoursOld("other-new", 2, "feature-2"), hoursOld("untagged", 30));
            String policy = policy(rule(1, keepNewest(5, prefixes("release"))), rule(2, keepNewest(1, any())));

            // the any-rule keeps release-new, the newest of all five; release-old is rule 1's to keep
            assertThat(evaluate(policy, images)).extracting(Expiry::digest, Expiry::appliedRulePriority)
                    .containsExactly(tuple("other-old", 2), tuple("untagged", 2), tuple("other-new", 2));
        }

        @Test
        @DisplayName("\"An image is expired by exactly one or zero rules\" — the first rule that expires it")
        void oneRulePerImage() {
            List<ImageCandidate> images = List.of(daysOld("a", 5), daysOld("b", 4), hoursOld("c", 1));
            String policy = policy(rule(1, olderThanDays(1, untagged())), rule(9, keepNewest(1, any())));

            assertThat(evaluate(policy, images)).extracting(Expiry::digest, Expiry::appliedRulePriority)
                    .containsExactly(tuple("a", 1), tuple("b", 1));
        }

        @Test
        @DisplayName("\"Rules can never mark images that are marked by higher priority rules, but can still identify "
                + "them as if they haven't been expired\" — a later count includes images an earlier rule selected")
        void aLaterRuleCountsWhatAnEarlierRuleSelected() {
            List<ImageCandidate> images = List.of(hoursOld("v-new", 1, "v2"), hoursOld("x", 2, "x1"),
                    hoursOld("v-old", 3, "v1"), hoursOld("y", 4, "y1"));
            String policy = policy(rule(1, keepNewest(1, prefixes("v"))), rule(2, keepNewest(2, any())));

            // the any-rule keeps v-new and x, the newest two of all four, though rule 1 has claimed v-new
            assertThat(evaluate(policy, images)).extracting(Expiry::digest, Expiry::appliedRulePriority)
                    .containsExactly(tuple("v-old", 1), tuple("y", 2));
        }

        @Test
        @DisplayName("Rules apply in rulePriority order whatever their order in the text, lowest first")
        void priorityNotTextOrder() {
            List<ImageCandidate> images = List.of(daysOld("old", 3, "app-1"), hoursOld("new", 1, "app-2"));
            String policy = policy(rule(20, keepNewest(1, any())), rule(10, olderThanDays(2, prefixes("app"))));

            assertThat(evaluate(policy, images)).extracting(Expiry::digest, Expiry::appliedRulePriority)
                    .containsExactly(tuple("old", 10));
        }

        @Test
        @DisplayName("The result lists expiries by rule priority, then oldest first")
        void resultOrder() {
            List<ImageCandidate> images = List.of(daysOld("u-3", 3), daysOld("t-9", 9, "t"), daysOld("u-7", 7),
                    daysOld("t-8", 8, "t"), hoursOld("t-new", 1, "t"));
            String policy = policy(rule(1, olderThanDays(2, untagged())), rule(2, keepNewest(1, prefixes("t"))));

            assertThat(evaluate(policy, images)).extracting(Expiry::digest)
                    .containsExactly("u-7", "u-3", "t-9", "t-8");
        }
    }

    @Nested
    class TagMatching {
        @Test
        @DisplayName("\"When using the tagPrefixList, an image is successfully matched if all of the tags in the "
                + "tagPrefixList value are matched against any of the image's tags\"")
        void everyPrefixMustMatchSomeTag() {
            List<ImageCandidate> images = List.of(daysOld("both", 3, "prod", "eu-1"), daysOld("one", 3, "prod"),
                    daysOld("one-tag-for-both", 3, "prod-eu"), daysOld("untagged", 3));
            String policy = policy(rule(1, olderThanDays(1, prefixes("prod", "prod-e"))),
                    rule(2, olderThanDays(1, prefixes("prod", "eu"))));

            assertThat(evaluate(policy, images)).extracting(Expiry::digest, Expiry::appliedRulePriority)
                    .containsExactlyInAnyOrder(tuple("one-tag-for-both", 1), tuple("both", 2));
        }

        @Test
        @DisplayName("tagPatternList: \"if your images are tagged as prod, prod1, prod2, and so on, you would use the "
                + "tag pattern list prod* to specify all of them\"")
        void aTrailingWildcard() {
            List<ImageCandidate> images = List.of(daysOld("prod", 3, "prod"), daysOld("prod1", 3, "prod1"),
                    daysOld("prod2", 3, "prod2"), daysOld("preprod", 3, "preprod"));

            assertThat(expired(policy(rule(1, olderThanDays(1, patterns("prod*")))), images))
                    .containsExactlyInAnyOrder("prod", "prod1", "prod2");
        }

        @Test
        @DisplayName("tagPatternList: a pattern matches a whole tag, so without a wildcard only the identical tag")
        void aPatternWithoutWildcardIsExact() {
            List<ImageCandidate> images = List.of(daysOld("latest", 3, "latest"), daysOld("latest-1", 3, "latest-1"),
                    daysOld("not-latest", 3, "not-latest"));

            assertThat(expired(policy(rule(1, olderThanDays(1, patterns("latest")))), images))
                    .containsExactly("latest");
        }

        @Test
        @DisplayName("tagPatternList: \"If you specify multiple tags, only the images with all specified tags are "
                + "selected\"")
        void everyPatternMustMatchSomeTag() {
            List<ImageCandidate> images = List.of(daysOld("both", 3, "build-7-main", "signed"),
                    daysOld("main-only", 3, "build-8-main"), daysOld("signed-only", 3, "signed"));

            assertThat(expired(policy(rule(1, olderThanDays(1, patterns("build-*-main", "sign*")))), images))
                    .containsExactly("both");
        }

        @Test
        @DisplayName("tagPatternList: wildcards anywhere, up to four — the guide's valid [\"*test*1*2*3\", \"test*1*2*3*\"]")
        void theGuidesFourWildcardPatterns() {
            List<ImageCandidate> images = List.of(daysOld("match", 3, "my-test-1-2-3", "test-1-2-3-rc"),
                    daysOld("first-only", 3, "my-test-1-2-3"), daysOld("wrong-order", 3, "test-3-2-1"));

            assertThat(expired(policy(rule(1, olderThanDays(1, patterns("*test*1*2*3", "test*1*2*3*")))), images))
                    .containsExactly("match");
        }

        @Test
        @DisplayName("\"*\" matches any run of characters, none included")
        void wildcardMatching() {
            assertThat(LifecycleRule.wildcard("*", "")).isTrue();
            assertThat(LifecycleRule.wildcard("*", "anything")).isTrue();
            assertThat(LifecycleRule.wildcard("prod*", "prod")).isTrue();
            assertThat(LifecycleRule.wildcard("*-main", "build-1-main")).isTrue();
            assertThat(LifecycleRule.wildcard("b*d*1", "build-1")).isTrue();
            assertThat(LifecycleRule.wildcard("a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).isFalse();
            assertThat(LifecycleRule.wildcard("b*d*2", "build-1")).isFalse();
            assertThat(LifecycleRule.wildcard("prod", "prod-1")).isFalse();
            assertThat(LifecycleRule.wildcard("Prod*", "prod")).isFalse();
        }

        @Test
        @DisplayName("tagged selects only tagged images, untagged only untagged ones, any both")
        void tagStatus() {
            List<ImageCandidate> images = List.of(daysOld("tagged", 3, "x"), daysOld("untagged", 3));

            assertThat(expired(policy(rule(1, olderThanDays(1, patterns("*")))), images)).containsExactly("tagged");
            assertThat(expired(policy(rule(1, olderThanDays(1, untagged()))), images)).containsExactly("untagged");
            assertThat(expired(policy(rule(1, olderThanDays(1, any()))), images))
                    .containsExactlyInAnyOrder("tagged", "untagged");
        }
    }

    /** The guide's worked examples: its repository contents, its policy, its result. */
    @Nested
    class GuideExamples {
        @Test
        @DisplayName("Filtering on multiple rules, example A: \"Image A has already been seen by Rule 1 and if Image B "
                + "were expired it would violate Rule 1 and thus is skipped. Result: Image A is expired.\"")
        void multipleRulesA() {
            List<ImageCandidate> images = List.of(daysOld("A", 10, "beta-1", "prod-1"),
                    daysOld("B", 9, "beta-2", "prod-2"), daysOld("C", 8, "beta-3"));
            String policy = policy(rule(1, keepNewest(1, prefixes("prod"))), rule(2, keepNewest(1, prefixes("beta"))));

            assertThat(evaluate(policy, images)).extracting(Expiry::digest, Expiry::appliedRulePriority)
                    .containsExactly(tuple("A", 1));
        }

        @Test
        @DisplayName("Filtering on multiple rules, example B: the same images, priorities swapped: \"Result: Images A "
                + "and B are expired.\"")
        void multipleRulesB() {
            List<ImageCandidate> images = List.of(daysOld("A", 10, "beta-1", "prod-1"),
                    daysOld("B", 9, "beta-2", "prod-2"), daysOld("C", 8, "beta-3"));
            String policy = policy(rule(1, keepNewest(1, prefixes("beta"))), rule(2, keepNewest(1, prefixes("prod"))));

            assertThat(evaluate(policy, images)).extracting(Expiry::digest, Expiry::appliedRulePriority)
                    .containsExactly(tuple("A", 1), tuple("B", 1));
        }

        @Test
        @DisplayName("Filtering on multiple tags in a single rule, example A: \"images must match all listed tag "
                + "prefixes ... Result: Image C is expired.\"")
        void multipleTagsA() {
            List<ImageCandidate> images = List.of(daysOld("A", 12, "alpha-1"), daysOld("B", 11, "beta-1"),
                    daysOld("C", 10, "alpha-2", "beta-2"), daysOld("D", 4, "alpha-3"), daysOld("E", 3, "beta-3"),
                    daysOld("F", 2, "alpha-4", "beta-4"));

            assertThat(expired(policy(rule(1, olderThanDays(5, prefixes("alpha", "beta")))), images))
                    .containsExactly("C");
        }

        @Test
        @DisplayName("Filtering on multiple tags in a single rule, example B: \"tags are not exclusive ... Result: "
                + "Images A and B are expired.\"")
        void multipleTagsB() {
            List<ImageCandidate> images = List.of(daysOld("A", 10, "alpha-1", "beta-1", "gamma-1"),
                    daysOld("B", 9, "alpha-2", "beta-2"), daysOld("C", 8, "alpha-3", "beta-3", "gamma-2"));

            assertThat(expired(policy(rule(1, keepNewest(1, prefixes("alpha", "beta")))), images))
                    .containsExactly("A", "B");
        }

        @Test
        @DisplayName("Filtering on all images, example A: \"Result: Images A, B, and C are expired.\"")
        void allImagesA() {
            List<ImageCandidate> images = List.of(daysOld("A", 4, "alpha-1"), daysOld("B", 3, "beta-1"),
                    daysOld("C", 2), daysOld("D", 1, "alpha-2"));

            assertThat(expired(policy(rule(1, keepNewest(1, any()))), images)).containsExactly("A", "B", "C");
        }

        @Test
        @DisplayName("Filtering on all images, example B: \"it can't mark images A, B, C, or E because they were "
                + "identified by higher priority rules. It marks image D ... Result: Images A, B, and D are expired.\"")
        void allImagesB() {
            // The guide pushes D and E "1 day ago". Rule 3 keeping E and expiring D means E is the newer, and
            // rule 2 keeping E means E is not older than a day: E exactly a day old, D a minute more.
            List<ImageCandidate> images = List.of(daysOld("A", 4, "alpha-1", "beta-1"), daysOld("B", 3),
                    daysOld("C", 2, "alpha-2"), image("D", Duration.ofDays(1).plusMinutes(1), "git-hash"),
                    daysOld("E", 1));
            String policy = policy(rule(1, keepNewest(1, prefixes("alpha"))), rule(2, olderThanDays(1, untagged())),
                    rule(3, keepNewest(1, any())));

            assertThat(evaluate(policy, images)).extracting(Expiry::digest, Expiry::appliedRulePriority)
                    .containsExactly(tuple("A", 1), tuple("B", 2), tuple("D", 3));
        }
    }

    @Test
    @DisplayName("The result does not depend on the order images are listed in, even with equal push times")
    void orderOfImagesDoesNotMatter() {
        List<ImageCandidate> images = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String[] tags = switch (i % 4) {
                case 0 -> new String[0];
                case 1 -> new String[] {"release-" + i};
                case 2 -> new String[] {"build-" + i, "main"};
                default -> new String[] {"feature-" + i};
            };
            images.add(hoursOld(String.format("sha256:%02d", i), (i * 7) % 13 * 12, tags));
        }
        String policy = policy(rule(1, keepNewest(3, prefixes("release"))), rule(2, olderThanDays(2, untagged())),
                rule(3, keepNewest(2, patterns("build-*", "main"))), rule(4, keepNewest(5, any())));
        List<Expiry> expected = evaluate(policy, images);

        Random random = new Random(20261122);
        for (int round = 0; round < 20; round++) {
            List<ImageCandidate> shuffled = new ArrayList<>(images);
            Collections.shuffle(shuffled, random);
            assertThat(evaluate(policy, shuffled)).isEqualTo(expected);
        }
        assertThat(expected).extracting(Expiry::digest).doesNotHaveDuplicates();
    }
}
