package dev.berth.ecr.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.error.EcrErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A lifecycle policy's rules, sorted by priority, validated as ECR validates the policy text: every
 * problem is an InvalidParameterException in ECR's wording ("Invalid parameter at
 * 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: …'"),
 * naming the rule and field.
 */
public record LifecyclePolicy(List<LifecycleRule> rules) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_WILDCARDS = 4;
    private static final Set<String> RULE_MEMBERS = Set.of("rulePriority", "description", "selection", "action");
    private static final Set<String> SELECTION_MEMBERS =
            Set.of("tagStatus", "tagPrefixList", "tagPatternList", "countType", "countUnit", "countNumber");

    public LifecyclePolicy {
        rules = rules.stream().sorted(Comparator.comparingInt(LifecycleRule::rulePriority)).toList();
    }

    public static LifecyclePolicy parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw invalid("the policy is not valid JSON");
        }
        if (root == null || !root.isObject() || !root.path("rules").isArray() || root.path("rules").isEmpty()) {
            throw invalid("the policy must be an object with a non-empty 'rules' array");
        }
        List<LifecycleRule> rules = new ArrayList<>();
        Set<Integer> priorities = new HashSet<>();
        Set<List<String>> tagLists = new HashSet<>();
        JsonNode array = root.path("rules");
        for (int i = 0; i < array.size(); i++) {
            LifecycleRule rule = rule(array.get(i), "rules[" + i + "]");
            if (!priorities.add(rule.rulePriority())) {
                throw invalid("rulePriority " + rule.rulePriority() + " is used by more than one rule");
            }
            if (rule.tagStatus() == TagStatus.TAGGED) {
                List<String> tags = rule.tagPrefixList().isEmpty() ? rule.tagPatternList() : rule.tagPrefixList();
                if (!tagLists.add(tags.stream().sorted().toList())) {
                    throw invalid("rules[" + i + "]: the tag list " + tags + " is used by more than one rule");
                }
            }
            rules.add(rule);
        }
        if (rules.stream().filter(rule -> rule.tagStatus() == TagStatus.UNTAGGED).count() > 1) {
            throw invalid("only one rule may select untagged images");
        }
        int highest = rules.stream().mapToInt(LifecycleRule::rulePriority).max().orElseThrow();
        for (LifecycleRule rule : rules) {
            if (rule.tagStatus() == TagStatus.ANY && rule.rulePriority() != highest) {
                throw invalid("the rule with tagStatus 'any' (rulePriority " + rule.rulePriority()
                        + ") must have the highest rulePriority");
            }
        }
        return new LifecyclePolicy(rules);
    }

    private static LifecycleRule rule(JsonNode node, String field) {
        if (!node.isObject()) {
            throw invalid(field + " must be an object");
        }
        unknownMembers(node, RULE_MEMBERS, field);
        JsonNode priority = node.get("rulePriority");
        if (priority == null || !priority.isIntegralNumber() || priority.asLong() < 1 || priority.asLong() > 999_999) {
            throw invalid(field + ".rulePriority is required and must be a positive integer");
        }
        JsonNode description = node.get("description");
        if (description != null && !description.isTextual()) {
            throw invalid(field + ".description must be a string");
        }
        JsonNode action = node.get("action");
        if (action == null || !action.isObject() || !"expire".equals(action.path("type").asText(null))) {
            throw invalid(field + ".action.type is required and must be 'expire'");
        }
        JsonNode selection = node.get("selection");
        if (selection == null || !selection.isObject()) {
            throw invalid(field + ".selection is required");
        }
        unknownMembers(selection, SELECTION_MEMBERS, field + ".selection");
        String where = field + ".selection";
        TagStatus tagStatus = switch (selection.path("tagStatus").asText("")) {
            case "tagged" -> TagStatus.TAGGED;
            case "untagged" -> TagStatus.UNTAGGED;
            case "any" -> TagStatus.ANY;
            default -> throw invalid(where + ".tagStatus is required and must be one of tagged, untagged, any");
        };
        List<String> prefixes = strings(selection.get("tagPrefixList"), where + ".tagPrefixList");
        List<String> patterns = strings(selection.get("tagPatternList"), where + ".tagPatternList");
        if (tagStatus == TagStatus.TAGGED) {
            if (prefixes.isEmpty() == patterns.isEmpty()) {
                throw invalid(where + ": a tagged rule needs either tagPrefixList or tagPatternList, not both or neither");
            }
            for (String pattern : patterns) {
                if (pattern.chars().filter(c -> c == '*').count() > MAX_WILDCARDS) {
                    throw invalid(where + ".tagPatternList: '" + pattern + "' has more than " + MAX_WILDCARDS
                            + " wildcards");
                }
            }
        } else if (!prefixes.isEmpty() || !patterns.isEmpty()) {
            throw invalid(where + ": tagPrefixList and tagPatternList are only allowed when tagStatus is tagged");
        }
        CountType countType = switch (selection.path("countType").asText("")) {
            case "imageCountMoreThan" -> CountType.IMAGE_COUNT_MORE_THAN;
            case "sinceImagePushed" -> CountType.SINCE_IMAGE_PUSHED;
            default -> throw invalid(where + ".countType is required and must be imageCountMoreThan or sinceImagePushed");
        };
        JsonNode unit = selection.get("countUnit");
        if (countType == CountType.SINCE_IMAGE_PUSHED && (unit == null || !"days".equals(unit.asText()))) {
            throw invalid(where + ".countUnit must be 'days' when countType is sinceImagePushed");
        }
        if (countType == CountType.IMAGE_COUNT_MORE_THAN && unit != null) {
            throw invalid(where + ".countUnit is not allowed when countType is imageCountMoreThan");
        }
        JsonNode count = selection.get("countNumber");
        if (count == null || !count.isIntegralNumber() || count.asLong() < 1 || count.asLong() > Integer.MAX_VALUE) {
            throw invalid(where + ".countNumber is required and must be a positive integer");
        }
        return new LifecycleRule(priority.asInt(), description == null ? null : description.asText(), tagStatus, prefixes,
                patterns, countType, count.asInt());
    }

    private static List<String> strings(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            throw invalid(field + " must be a non-empty array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isTextual() || value.asText().isEmpty()) {
                throw invalid(field + " must be a non-empty array of strings");
            }
            values.add(value.asText());
        }
        return values;
    }

    private static void unknownMembers(JsonNode node, Set<String> known, String field) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw invalid(field + " has an unknown member '" + name + "'");
            }
        });
    }

    private static RuntimeException invalid(String problem) {
        return EcrErrors.invalidParameter("Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: "
                + "'Lifecycle policy validation failure: " + problem + "'");
    }
}
