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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.berth.domain.error.ApiException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Policy text as ECR accepts and refuses it. The rules are those of "Lifecycle policy properties"
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html) and "Lifecycle
 * policy evaluation rules" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html#lp_evaluation_rules).
 * ECR's messages come from a JSON schema validator and then from its own checks; where a message's ECR
 * wording is known (from ECR's responses as quoted in bug reports, and moto's copy of them) it is used.
 */
class LifecyclePolicyTest {
    private static final String ENVELOPE = "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: "
            + "'Lifecycle policy validation failure: ";

    @Test
    @DisplayName("The guide's template, fully filled in, parses to rules sorted by rulePriority")
    void parsesEveryField() {
        LifecyclePolicy policy = LifecyclePolicy.parse("""
                {"rules": [
                  {"rulePriority": 20, "description": "untagged after two weeks",
                   "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
                                 "countNumber": 14},
                   "action": {"type": "expire"}},
                  {"rulePriority": 3,
                   "selection": {"tagStatus": "tagged", "tagPrefixList": ["prod", "eu"], "storageClass": "standard",
                                 "countType": "imageCountMoreThan", "countNumber": 10},
                   "action": {"type": "expire"}},
                  {"rulePriority": 7,
                   "selection": {"tagStatus": "tagged", "tagPatternList": ["build-*-main"],
                                 "countType": "imageCountMoreThan", "countNumber": 1},
                   "action": {"type": "expire"}},
                  {"rulePriority": 100,
                   "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 500},
                   "action": {"type": "expire"}}]}""");

        assertThat(policy.rules()).containsExactly(
                new LifecycleRule(3, null, TagStatus.TAGGED, List.of("prod", "eu"), List.of(),
                        CountType.IMAGE_COUNT_MORE_THAN, 10),
                new LifecycleRule(7, null, TagStatus.TAGGED, List.of(), List.of("build-*-main"),
                        CountType.IMAGE_COUNT_MORE_THAN, 1),
                new LifecycleRule(20, "untagged after two weeks", TagStatus.UNTAGGED, List.of(), List.of(),
                        CountType.SINCE_IMAGE_PUSHED, 14),
                new LifecycleRule(100, null, TagStatus.ANY, List.of(), List.of(), CountType.IMAGE_COUNT_MORE_THAN, 500));
    }

    @Test
    @DisplayName("\"Values don't need to be sequential across rules in a policy\"; an untagged rule and an any-rule "
            + "may both select untagged images")
    void acceptedPolicies() {
        assertThat(LifecyclePolicy.parse(policy(rule(5, olderThanDays(1, untagged())), rule(900, keepNewest(1, any()))))
                .rules()).extracting(LifecycleRule::rulePriority).containsExactly(5, 900);
        // a prefix list and a pattern list with the same strings select different images
        assertThat(LifecyclePolicy.parse(policy(rule(1, keepNewest(1, prefixes("a"))), rule(2, keepNewest(1, patterns("a")))))
                .rules()).hasSize(2);
    }

    @Test
    @DisplayName("Wire names: tagStatus and countType as written in policy text")
    void wireNames() {
        assertThat(TagStatus.fromWire("untagged")).contains(TagStatus.UNTAGGED);
        assertThat(TagStatus.fromWire("UNTAGGED")).isEmpty();
        assertThat(TagStatus.ANY.wireName()).isEqualTo("any");
        assertThat(CountType.fromWire("sinceImagePushed")).contains(CountType.SINCE_IMAGE_PUSHED);
        assertThat(CountType.IMAGE_COUNT_MORE_THAN.wireName()).isEqualTo("imageCountMoreThan");
        assertThat(CountType.fromWire("sinceImagePulled")).isEmpty();
    }

    static Stream<Arguments> refusals() {
        String expire = "\"action\": {\"type\": \"expire\"}";
        String countAny = "\"tagStatus\": \"any\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 1";
        return Stream.of(
                // the document
                arguments("not JSON", "rules: [", "Could not map policyString into LifecyclePolicy."),
                arguments("not an object", "[" + rule(1, keepNewest(1, any())) + "]",
                        "Could not map policyString into LifecyclePolicy."),
                arguments("text after the object", policy(rule(1, keepNewest(1, any()))) + " {}",
                        "Could not map policyString into LifecyclePolicy."),
                arguments("no rules", "{\"rule\": []}", "object has missing required properties ([\"rules\"])"),
                arguments("rules not an array", "{\"rules\": " + rule(1, keepNewest(1, any())) + "}",
                        "rules: instance type (object) does not match any allowed primitive type (allowed: [\"array\"])"),
                arguments("no rule", "{\"rules\": []}",
                        "rules: array is too short: must have at least 1 elements but instance has 0 elements"),
                // a rule's shape
                arguments("a rule not an object", policy("\"expire\""),
                        "rules[0]: instance type (string) does not match any allowed primitive type (allowed: [\"object\"])"),
                arguments("rulePriority and action missing", policy("{\"selection\": {" + countAny + "}}"),
                        "rules[0]: object has missing required properties ([\"action\",\"rulePriority\"])"),
                arguments("a member ECR does not know", policy("{\"rulePriority\": 1, \"selection\": {" + countAny + "}, "
                        + expire + ", \"enabled\": true}"),
                        "rules[0]: object instance has properties which are not allowed by the schema: [\"enabled\"]"),
                arguments("rulePriority 0", policy(rule(0, keepNewest(1, any()))),
                        "rules[0].rulePriority: numeric instance is lower than the required minimum (minimum: 1, found: 0)"),
                arguments("rulePriority a string", policy("{\"rulePriority\": \"1\", \"selection\": {" + countAny + "}, "
                        + expire + "}"),
                        "rules[0].rulePriority: instance type (string) does not match any allowed primitive type "
                                + "(allowed: [\"integer\"])"),
                arguments("rulePriority a fraction", policy("{\"rulePriority\": 1.5, \"selection\": {" + countAny + "}, "
                        + expire + "}"),
                        "rules[0].rulePriority: instance type (number) does not match any allowed primitive type "
                                + "(allowed: [\"integer\"])"),
                arguments("rulePriority beyond 32 bits", policy("{\"rulePriority\": 3000000000, \"selection\": {"
                        + countAny + "}, " + expire + "}"),
                        "rules[0].rulePriority: Could not map policyString into LifecyclePolicy. 3000000000 is not a "
                                + "32-bit integer"),
                arguments("description null", policy("{\"rulePriority\": 1, \"description\": null, \"selection\": {"
                        + countAny + "}, " + expire + "}"),
                        "rules[0].description: instance type (null) does not match any allowed primitive type "
                                + "(allowed: [\"string\"])"),
                // action
                arguments("action without type", policy("{\"rulePriority\": 1, \"selection\": {" + countAny + "}, "
                        + "\"action\": {}}"),
                        "rules[0].action: object has missing required properties ([\"type\"])"),
                arguments("action type unknown", policy("{\"rulePriority\": 1, \"selection\": {" + countAny + "}, "
                        + "\"action\": {\"type\": \"keep\"}}"),
                        "rules[0].action.type: instance value (\"keep\") not found in enum (possible values: "
                                + "[\"expire\",\"transition\"])"),
                arguments("action transition", policy("{\"rulePriority\": 1, \"selection\": {" + countAny + "}, "
                        + "\"action\": {\"type\": \"transition\", \"targetStorageClass\": \"archive\"}}"),
                        "rules[0].action.type: transition is not supported: Berth has no archive storage class, so "
                                + "expire is the only action"),
                arguments("targetStorageClass with expire", policy("{\"rulePriority\": 1, \"selection\": {" + countAny
                        + "}, \"action\": {\"type\": \"expire\", \"targetStorageClass\": null}}"),
                        "rules[0].action: instance failed to match exactly one schema (matched 0 out of 2): "
                                + "targetStorageClass goes only with the action transition"),
                // selection
                arguments("countNumber missing", policy(rule(1, "{\"tagStatus\": \"any\", \"countType\": "
                        + "\"imageCountMoreThan\"}")),
                        "rules[0].selection: object has missing required properties ([\"countNumber\"])"),
                arguments("a selection member ECR does not know", policy(rule(1, "{" + countAny + ", \"tagSuffixList\": "
                        + "[\"-rc\"]}")),
                        "rules[0].selection: object instance has properties which are not allowed by the schema: "
                                + "[\"tagSuffixList\"]"),
                arguments("tagStatus unknown", policy(rule(1, keepNewest(1, "\"tagStatus\": \"TAGGED\", "
                        + "\"tagPrefixList\": [\"v\"]"))),
                        "rules[0].selection.tagStatus: instance value (\"TAGGED\") not found in enum (possible values: "
                                + "[\"tagged\",\"untagged\",\"any\"])"),
                arguments("storageClass archive", policy(rule(1, "{" + countAny + ", \"storageClass\": \"archive\"}")),
                        "rules[0].selection.storageClass: archive is not supported: Berth keeps every image in the "
                                + "standard storage class"),
                arguments("storageClass unknown", policy(rule(1, "{" + countAny + ", \"storageClass\": \"cold\"}")),
                        "rules[0].selection.storageClass: instance value (\"cold\") not found in enum (possible values: "
                                + "[\"standard\",\"archive\"])"),
                // "If you specify tagged, then you must also specify a tagPrefixList value or a tagPatternList value."
                arguments("tagged without a tag list", policy(rule(1, keepNewest(1, "\"tagStatus\": \"tagged\""))),
                        "rules[0].selection: Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED."),
                // "A lifecycle policy rule may specify either tagPatternList or tagPrefixList, but not both."
                arguments("tagged with both lists", policy(rule(1, keepNewest(1, prefixes("v") + ", \"tagPatternList\": "
                        + "[\"v*\"]"))),
                        "rules[0].selection: a rule may specify either tagPatternList or tagPrefixList, but not both"),
                // "If you specify untagged, then you must omit both tagPrefixList and tagPatternList."
                arguments("untagged with tagPrefixList", policy(rule(1, keepNewest(1, untagged() + ", \"tagPrefixList\": "
                        + "[\"v\"]"))),
                        "rules[0].selection.tagPrefixList: tagPrefixList is only used when tagStatus is tagged; omit it "
                                + "when tagStatus is untagged"),
                arguments("any with an empty tagPatternList", policy(rule(1, keepNewest(1, any()
                        + ", \"tagPatternList\": []"))),
                        "rules[0].selection.tagPatternList: tagPatternList is only used when tagStatus is tagged; omit "
                                + "it when tagStatus is any"),
                arguments("an empty tagPrefixList", policy(rule(1, keepNewest(1, "\"tagStatus\": \"tagged\", "
                        + "\"tagPrefixList\": []"))),
                        "rules[0].selection.tagPrefixList: array is too short: must have at least 1 elements but "
                                + "instance has 0 elements"),
                arguments("an empty prefix", policy(rule(1, keepNewest(1, prefixes("v", "")))),
                        "rules[0].selection.tagPrefixList[1]: string \"\" is too short (length: 0, required minimum: 1)"),
                arguments("a prefix not a string", policy(rule(1, keepNewest(1, "\"tagStatus\": \"tagged\", "
                        + "\"tagPrefixList\": [1]"))),
                        "rules[0].selection.tagPrefixList[0]: instance type (integer) does not match any allowed "
                                + "primitive type (allowed: [\"string\"])"),
                // "There is a maximum limit of four wildcards (*) per string. For example, ... ["test*1*2*3*4*5*6"] is invalid."
                arguments("the guide's six wildcards", policy(rule(1, keepNewest(1, patterns("v*", "test*1*2*3*4*5*6")))),
                        "rules[0].selection.tagPatternList: \"test*1*2*3*4*5*6\" has 6 wildcards; there is a maximum "
                                + "limit of four wildcards (*) per string"),
                arguments("five wildcards", policy(rule(1, keepNewest(1, patterns("*a*b*c*d*")))),
                        "rules[0].selection.tagPatternList: \"*a*b*c*d*\" has 5 wildcards; there is a maximum limit of "
                                + "four wildcards (*) per string"),
                // countType, countUnit, countNumber
                arguments("countType unknown", policy(rule(1, "{\"tagStatus\": \"any\", \"countType\": \"imageCount\", "
                        + "\"countNumber\": 1}")),
                        "rules[0].selection: instance failed to match exactly one schema (matched 0 out of 2): "
                                + "countType must be imageCountMoreThan or sinceImagePushed, not \"imageCount\""),
                arguments("countType of the archive class", policy(rule(1, "{\"tagStatus\": \"any\", \"countType\": "
                        + "\"sinceImagePulled\", \"countUnit\": \"days\", \"countNumber\": 1}")),
                        "rules[0].selection.countType: sinceImagePulled is not supported: Berth has no archive storage "
                                + "class and does not record pulls"),
                arguments("countUnit hours", policy(rule(1, "{\"tagStatus\": \"any\", \"countType\": "
                        + "\"sinceImagePushed\", \"countUnit\": \"hours\", \"countNumber\": 1}")),
                        "rules[0].selection.countUnit: instance value (\"hours\") not found in enum (possible values: "
                                + "[\"days\"])"),
                // "an error will occur if you specify a count unit when countType is any other value"
                arguments("countUnit with imageCountMoreThan", policy(rule(1, "{" + countAny + ", \"countUnit\": "
                        + "\"days\"}")),
                        "rules[0].selection: instance failed to match exactly one schema (matched 0 out of 2): "
                                + "countUnit is only used with countType sinceImagePushed"),
                arguments("sinceImagePushed without countUnit", policy(rule(1, "{\"tagStatus\": \"any\", \"countType\": "
                        + "\"sinceImagePushed\", \"countNumber\": 1}")),
                        "rules[0].selection: instance failed to match exactly one schema (matched 0 out of 2): "
                                + "countType sinceImagePushed needs countUnit \"days\""),
                // "Acceptable values are positive integers (0 is not an accepted value)."
                arguments("countNumber 0", policy(rule(1, keepNewest(0, any()))),
                        "rules[0].selection.countNumber: numeric instance is lower than the required minimum "
                                + "(minimum: 1, found: 0)"),
                arguments("countNumber negative", policy(rule(1, olderThanDays(-1, untagged()))),
                        "rules[0].selection.countNumber: numeric instance is lower than the required minimum "
                                + "(minimum: 1, found: -1)"),
                // across rules
                // "When you add rules to a lifecycle policy, you must give them each a unique value for rulePriority."
                arguments("two rules of one priority", policy(rule(1, keepNewest(1, prefixes("v"))),
                        rule(1, keepNewest(1, untagged()))),
                        "rules[1].rulePriority: rulePriority 1 is also that of rules[0]; each rule must have a unique "
                                + "rulePriority"),
                // "Only one rule is allowed to select untagged images."
                arguments("two untagged rules", policy(rule(1, keepNewest(1, untagged())),
                        rule(2, olderThanDays(3, untagged()))),
                        "rules[1].selection.tagStatus: Only one rule can select Untagged images per storage class. "
                                + "rules[0] already does"),
                // "A rule with a tagStatus value of any must have the highest value for rulePriority and be evaluated last."
                arguments("an any-rule before another rule", policy(rule(1, keepNewest(1, any())),
                        rule(2, keepNewest(1, untagged()))),
                        "rules[0].rulePriority: Rule for tagStatus=ANY must have the lowest priority per storage "
                                + "class: its rulePriority 1 must be the highest in the policy, and another rule has 2"),
                arguments("two any-rules", policy(rule(3, keepNewest(1, any())), rule(2, olderThanDays(9, any()))),
                        "rules[1].rulePriority: Rule for tagStatus=ANY must have the lowest priority per storage "
                                + "class: its rulePriority 2 must be the highest in the policy, and another rule has 3"),
                // "The set of rules must contain a unique set of tag prefixes."
                arguments("two rules of one tag prefix set", policy(rule(1, keepNewest(1, prefixes("a", "b"))),
                        rule(2, olderThanDays(1, prefixes("b", "a")))),
                        "rules[1].selection: The set of rules must contain a unique set of tag prefixes: rules[0] has "
                                + "the same tagPrefixList [\"a\",\"b\"]"),
                arguments("two rules of one tag pattern set", policy(rule(1, keepNewest(1, patterns("v*"))),
                        rule(2, olderThanDays(1, patterns("v*")))),
                        "rules[1].selection: The set of rules must contain a unique set of tag prefixes: rules[0] has "
                                + "the same tagPatternList [\"v*\"]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    @DisplayName("A policy ECR refuses is an InvalidParameterException in ECR's words, naming the rule and field")
    void refused(String name, String text, String problem) {
        assertThatThrownBy(() -> LifecyclePolicy.parse(text)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code().type()).isEqualTo("InvalidParameterException");
            assertThat(e.code().httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(ENVELOPE + problem + "'");
        });
    }

    @Test
    @DisplayName("\"There is a maximum limit of four wildcards (*) per string. For example, [\\\"*test*1*2*3\\\", "
            + "\\\"test*1*2*3*\\\"] is valid\"")
    void fourWildcardsAreAllowed() {
        assertThat(LifecyclePolicy.parse(policy(rule(1, keepNewest(1, patterns("*test*1*2*3", "test*1*2*3*")))))
                .rules().getFirst().tagPatternList()).containsExactly("*test*1*2*3", "test*1*2*3*");
    }
}
