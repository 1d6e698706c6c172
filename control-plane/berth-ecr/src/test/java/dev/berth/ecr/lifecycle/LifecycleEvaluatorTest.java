package dev.berth.ecr.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.domain.error.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ECR's lifecycle rules on a fixed clock. The sentences quoted are from the Amazon ECR User Guide,
 * "Lifecycle policy evaluation rules" and "Lifecycle policy properties".
 */
class LifecycleEvaluatorTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private static ImageCandidate image(String digest, int hoursOld, String... tags) {
        return new ImageCandidate(digest, List.of(tags), NOW.minus(Duration.ofHours(hoursOld)));
    }

    private static List<String> expired(String policy, List<ImageCandidate> images) {
        return LifecycleEvaluator.evaluate(LifecyclePolicy.parse(policy), images, NOW).stream().map(Expiry::digest).toList();
    }

    private static String rule(int priority, String selection) {
        return """
                {"rulePriority": %d, "selection": %s, "action": {"type": "expire"}}""".formatted(priority, selection);
    }

    private static String policy(String... rules) {
        return "{\"rules\": [" + String.join(",", rules) + "]}";
    }

    @Test
    void imageCountMoreThanKeepsTheNewestAndExpiresOlderImagesFirst() {
        List<ImageCandidate> images = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            images.add(image("prod-" + i, 10 - i, "prod-" + i));
        }
        images.add(image("dev", 100, "dev-1"));

        List<Expiry> expiries = LifecycleEvaluator.evaluate(LifecyclePolicy.parse(policy(rule(1,
                "{\"tagStatus\": \"tagged\", \"tagPrefixList\": [\"prod\"], \"countType\": \"imageCountMoreThan\", \"countNumber\": 3}"))),
                images, NOW);

        // "Expiration is always ordered by pushed_at_time, and always expires older images before newer ones."
        assertThat(expiries).extracting(Expiry::digest).containsExactly("prod-1", "prod-2", "prod-3");
        assertThat(expiries).allSatisfy(expiry -> assertThat(expiry.appliedRulePriority()).isEqualTo(1));
    }

    @Test
    void untaggedImagesExpireOnceOlderThanTheirDays() {
        List<ImageCandidate> images = List.of(image("old", 25), image("young", 23), image("tagged-old", 48, "v1"));

        assertThat(expired(policy(rule(1,
                "{\"tagStatus\": \"untagged\", \"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": 1}")),
                images)).containsExactly("old");
    }

    @Test
    void anImageMatchingAHigherPriorityRulesTagsCannotBeExpiredByALowerOne() {
        // "An image that matches the tagging requirements of a rule cannot be expired by a rule with a lower priority."
        List<ImageCandidate> images = List.of(image("release-old", 50, "release-1"), image("release-new", 1, "release-2"),
                image("other-old", 40, "feature"), image("other-new", 2, "feature-2"));
        String rules = policy(
                rule(1, "{\"tagStatus\": \"tagged\", \"tagPrefixList\": [\"release\"], \"countType\": \"imageCountMoreThan\", \"countNumber\": 5}"),
                rule(2, "{\"tagStatus\": \"any\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 1}"));

        // the any-rule keeps the newest image (release-new) and would expire the other three, but not release-old
        assertThat(expired(rules, images)).containsExactly("other-old", "other-new");
    }

    @Test
    void aLowerRuleStillCountsImagesAHigherRuleSelected() {
        // "Rules can never mark images that are marked by higher priority rules, but can still identify them as if
        // they haven't been expired."
        List<ImageCandidate> images = List.of(image("v-new", 1, "v2"), image("v-old", 3, "v1"), image("x", 2, "x1"),
                image("y", 4, "y1"));
        String rules = policy(
                rule(1, "{\"tagStatus\": \"tagged\", \"tagPrefixList\": [\"v\"], \"countType\": \"imageCountMoreThan\", \"countNumber\": 1}"),
                rule(2, "{\"tagStatus\": \"any\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 2}"));

        List<Expiry> expiries = LifecycleEvaluator.evaluate(LifecyclePolicy.parse(rules), images, NOW);

        // the any-rule keeps the newest two of all four (v-new, x): y goes by rule 2, v-old by rule 1
        assertThat(expiries).extracting(Expiry::digest, Expiry::appliedRulePriority)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v-old", 1), org.assertj.core.groups.Tuple.tuple("y", 2));
    }

    @Test
    void tagPrefixesAndPatternsMustAllMatchSomeTagOfTheImage() {
        // "an image is successfully matched if all of the tags in the tagPrefixList value are matched against any of
        // the image's tags" — and the same for tagPatternList, with up to four wildcards.
        assertThat(expired(policy(rule(1, "{\"tagStatus\": \"tagged\", \"tagPrefixList\": [\"prod\", \"eu\"], "
                + "\"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": 1}")),
                List.of(image("both", 30, "prod", "eu-1"), image("one", 30, "prod")))).containsExactly("both");
        assertThat(expired(policy(rule(1, "{\"tagStatus\": \"tagged\", \"tagPatternList\": [\"build-*-main\"], "
                + "\"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": 1}")),
                List.of(image("pattern", 30, "build-123-main"), image("pattern-no", 30, "build-123-feature"))))
                .containsExactly("pattern");
        assertThat(LifecycleRule.wildcard("*-main", "build-1-main")).isTrue();
        assertThat(LifecycleRule.wildcard("b*d*1", "build-1")).isTrue();
        assertThat(LifecycleRule.wildcard("b*d*2", "build-1")).isFalse();
        assertThat(LifecycleRule.wildcard("prod", "prod-1")).isFalse();
    }

    @Test
    void anImageIsExpiredByOneRuleAtMost() {
        List<ImageCandidate> images = List.of(image("a", 100), image("b", 90));
        String rules = policy(
                rule(1, "{\"tagStatus\": \"untagged\", \"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": 1}"),
                rule(9, "{\"tagStatus\": \"any\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 1}"));

        assertThat(LifecycleEvaluator.evaluate(LifecyclePolicy.parse(rules), images, NOW))
                .extracting(Expiry::appliedRulePriority).containsExactly(1, 1);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                                                       | not valid JSON
            {"rules": []}                                                                                  | non-empty 'rules' array
            {"rules": [{"selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]} | rules[0].rulePriority is required
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "some", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]} | rules[0].selection.tagStatus is required and must be one of tagged, untagged, any
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "tagged", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]} | a tagged rule needs either tagPrefixList or tagPatternList
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "tagPrefixList": ["a"], "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]} | only allowed when tagStatus is tagged
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "tagged", "tagPatternList": ["*a*b*c*d*"], "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]} | has more than 4 wildcards
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "sinceImagePushed", "countNumber": 1}, "action": {"type": "expire"}}]} | countUnit must be 'days'
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countUnit": "days", "countNumber": 1}, "action": {"type": "expire"}}]} | countUnit is not allowed
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 0}, "action": {"type": "expire"}}]} | countNumber is required and must be a positive integer
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "transition"}}]} | action.type is required and must be 'expire'
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}, {"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}] } | rulePriority 1 is used by more than one rule
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}, {"rulePriority": 2, "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}] } | must have the highest rulePriority
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}, {"rulePriority": 2, "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 2}, "action": {"type": "expire"}}] } | only one rule may select untagged images
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "tagged", "tagPrefixList": ["a"], "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}, {"rulePriority": 2, "selection": {"tagStatus": "tagged", "tagPrefixList": ["a"], "countType": "imageCountMoreThan", "countNumber": 2}, "action": {"type": "expire"}}] } | is used by more than one rule
            {"rules": [{"rulePriority": 1, "extra": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]} | rules[0] has an unknown member 'extra'
            """)
    void aPolicyEcrWouldRefuseIsAnInvalidParameterNamingTheRuleAndField(String text, String message) {
        assertThatThrownBy(() -> LifecyclePolicy.parse(text)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code().type()).isEqualTo("InvalidParameterException");
            assertThat(e.getMessage()).startsWith("Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: "
                    + "'Lifecycle policy validation failure: ").contains(message);
        });
    }
}
