package dev.berth.ecr.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.EcrErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Policy text to a {@link LifecyclePolicy}, refused where ECR refuses it. ECR checks in two passes and so
 * does this: first the shape of each rule, with the messages of a JSON schema validator ("object has
 * missing required properties ([\"countNumber\"])", "instance failed to match exactly one schema (matched 0
 * out of 2)"), then the rules against each other ("Only one rule can select Untagged images per storage
 * class."). ECR's own wording is used wherever it is known. Every message also starts with where the fault
 * is, such as {@code rules[1].selection.countNumber}, which ECR's messages do not: without it, a policy of
 * ten rules is hard to fix.
 *
 * <p>Berth keeps every image in ECR's standard storage class. What only the archive class needs (action
 * transition, countType sinceImagePulled or sinceImageTransitioned, storageClass archive) is refused as
 * unsupported, not accepted and then silently ignored.
 */
final class LifecyclePolicyParser {
    static final int MAX_WILDCARDS = 4;

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final List<String> RULE_REQUIRED = List.of("action", "rulePriority", "selection");
    private static final Set<String> RULE_MEMBERS = Set.of("rulePriority", "description", "selection", "action");
    private static final List<String> SELECTION_REQUIRED = List.of("countNumber", "countType", "tagStatus");
    private static final Set<String> SELECTION_MEMBERS = Set.of("tagStatus", "tagPrefixList", "tagPatternList",
            "storageClass", "countType", "countUnit", "countNumber");
    private static final List<String> ACTION_REQUIRED = List.of("type");
    private static final Set<String> ACTION_MEMBERS = Set.of("type", "targetStorageClass");
    private static final Set<String> ARCHIVE_COUNT_TYPES = Set.of("sinceImagePulled", "sinceImageTransitioned");
    private static final String UNMAPPABLE = "Could not map policyString into LifecyclePolicy.";

    private LifecyclePolicyParser() {
    }

    static LifecyclePolicy parse(String text) {
        JsonNode root;
        try {
            root = text == null ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(null, UNMAPPABLE);
        }
        if (root == null || !root.isObject()) {
            throw invalid(null, UNMAPPABLE);
        }
        JsonNode array = root.get("rules");
        if (array == null) {
            throw invalid(null, "object has missing required properties ([\"rules\"])");
        }
        requireType(array, "array", "rules");
        if (array.isEmpty()) {
            throw invalid("rules", "array is too short: must have at least 1 elements but instance has 0 elements");
        }
        List<LifecycleRule> rules = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            rules.add(rule(array.get(i), "rules[" + i + "]"));
        }
        checkAcrossRules(rules);
        return new LifecyclePolicy(rules);
    }

    private static LifecycleRule rule(JsonNode node, String where) {
        requireType(node, "object", where);
        requireMembers(node, RULE_REQUIRED, RULE_MEMBERS, where);
        int priority = integer(node.get("rulePriority"), where + ".rulePriority");
        JsonNode description = node.get("description");
        if (description != null) {
            requireType(description, "string", where + ".description");
        }
        action(node.get("action"), where + ".action");
        return selection(node.get("selection"), where + ".selection", priority,
                description == null ? null : description.asText());
    }

    private static void action(JsonNode node, String where) {
        requireType(node, "object", where);
        requireMembers(node, ACTION_REQUIRED, ACTION_MEMBERS, where);
        JsonNode type = node.get("type");
        requireType(type, "string", where + ".type");
        switch (type.asText()) {
            case "expire" -> {
            }
            case "transition" -> throw invalid(where + ".type", "transition is not supported: Berth has no archive "
                    + "storage class, so expire is the only action");
            default -> throw notInEnum(where + ".type", type, List.of("expire", "transition"));
        }
        if (node.has("targetStorageClass")) {
            throw invalid(where, "instance failed to match exactly one schema (matched 0 out of 2): "
                    + "targetStorageClass goes only with the action transition");
        }
    }

    private static LifecycleRule selection(JsonNode node, String where, int priority, String description) {
        requireType(node, "object", where);
        requireMembers(node, SELECTION_REQUIRED, SELECTION_MEMBERS, where);

        JsonNode status = node.get("tagStatus");
        requireType(status, "string", where + ".tagStatus");
        TagStatus tagStatus = TagStatus.fromWire(status.asText()).orElseThrow(() ->
                notInEnum(where + ".tagStatus", status, List.of("tagged", "untagged", "any")));

        JsonNode storageClass = node.get("storageClass");
        if (storageClass != null) {
            requireType(storageClass, "string", where + ".storageClass");
            switch (storageClass.asText()) {
                case "standard" -> {
                }
                case "archive" -> throw invalid(where + ".storageClass", "archive is not supported: Berth keeps every "
                        + "image in the standard storage class");
                default -> throw notInEnum(where + ".storageClass", storageClass, List.of("standard", "archive"));
            }
        }

        List<String> prefixes = List.of();
        List<String> patterns = List.of();
        if (tagStatus == TagStatus.TAGGED) {
            prefixes = strings(node.get("tagPrefixList"), where + ".tagPrefixList");
            patterns = strings(node.get("tagPatternList"), where + ".tagPatternList");
            if (prefixes.isEmpty() && patterns.isEmpty()) {
                throw invalid(where, "Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.");
            }
            if (!prefixes.isEmpty() && !patterns.isEmpty()) {
                throw invalid(where, "a rule may specify either tagPatternList or tagPrefixList, but not both");
            }
            for (String pattern : patterns) {
                long wildcards = pattern.chars().filter(c -> c == '*').count();
                if (wildcards > MAX_WILDCARDS) {
                    throw invalid(where + ".tagPatternList", "\"" + pattern + "\" has " + wildcards + " wildcards; "
                            + "there is a maximum limit of four wildcards (*) per string");
                }
            }
        } else {
            for (String list : List.of("tagPrefixList", "tagPatternList")) {
                if (node.has(list)) {
                    throw invalid(where + "." + list, list + " is only used when tagStatus is tagged; omit it when "
                            + "tagStatus is " + tagStatus.wireName());
                }
            }
        }

        JsonNode type = node.get("countType");
        requireType(type, "string", where + ".countType");
        if (ARCHIVE_COUNT_TYPES.contains(type.asText())) {
            throw invalid(where + ".countType", type.asText() + " is not supported: Berth has no archive storage "
                    + "class and does not record pulls");
        }
        CountType countType = CountType.fromWire(type.asText()).orElseThrow(() -> invalid(where,
                "instance failed to match exactly one schema (matched 0 out of 2): countType must be "
                        + "imageCountMoreThan or sinceImagePushed, not " + json(type)));

        JsonNode unit = node.get("countUnit");
        if (unit != null) {
            requireType(unit, "string", where + ".countUnit");
            if (!unit.asText().equals("days")) {
                throw notInEnum(where + ".countUnit", unit, List.of("days"));
            }
        }
        if (countType == CountType.IMAGE_COUNT_MORE_THAN && unit != null) {
            throw invalid(where, "instance failed to match exactly one schema (matched 0 out of 2): "
                    + "countUnit is only used with countType sinceImagePushed");
        }
        if (countType == CountType.SINCE_IMAGE_PUSHED && unit == null) {
            throw invalid(where, "instance failed to match exactly one schema (matched 0 out of 2): "
                    + "countType sinceImagePushed needs countUnit \"days\"");
        }

        int countNumber = integer(node.get("countNumber"), where + ".countNumber");
        return new LifecycleRule(priority, description, tagStatus, prefixes, patterns, countType, countNumber);
    }

    /**
     * What holds between rules (Amazon ECR User Guide, "Lifecycle policy evaluation rules" and "Lifecycle
     * policy properties"). The rules are in text order, so that a message names the rule as written.
     */
    private static void checkAcrossRules(List<LifecycleRule> rules) {
        Map<Integer, Integer> byPriority = new HashMap<>();
        Map<String, Integer> byTags = new HashMap<>();
        int untagged = -1;
        for (int i = 0; i < rules.size(); i++) {
            LifecycleRule rule = rules.get(i);
            String where = "rules[" + i + "]";
            Integer samePriority = byPriority.putIfAbsent(rule.rulePriority(), i);
            if (samePriority != null) {
                throw invalid(where + ".rulePriority", "rulePriority " + rule.rulePriority() + " is also that of rules["
                        + samePriority + "]; each rule must have a unique rulePriority");
            }
            if (rule.tagStatus() == TagStatus.TAGGED) {
                // the same set in another order selects the same images, so it is the same set
                String tags = rule.tagPrefixList().isEmpty()
                        ? "tagPatternList " + json(rule.tagPatternList().stream().distinct().sorted().toList())
                        : "tagPrefixList " + json(rule.tagPrefixList().stream().distinct().sorted().toList());
                Integer sameTags = byTags.putIfAbsent(tags, i);
                if (sameTags != null) {
                    throw invalid(where + ".selection", "The set of rules must contain a unique set of tag prefixes: "
                            + "rules[" + sameTags + "] has the same " + tags);
                }
            }
            if (rule.tagStatus() == TagStatus.UNTAGGED) {
                if (untagged >= 0) {
                    throw invalid(where + ".selection.tagStatus", "Only one rule can select Untagged images per "
                            + "storage class. rules[" + untagged + "] already does");
                }
                untagged = i;
            }
        }
        int highest = rules.stream().mapToInt(LifecycleRule::rulePriority).max().orElseThrow();
        for (int i = 0; i < rules.size(); i++) {
            LifecycleRule rule = rules.get(i);
            if (rule.tagStatus() == TagStatus.ANY && rule.rulePriority() != highest) {
                throw invalid("rules[" + i + "].rulePriority", "Rule for tagStatus=ANY must have the lowest priority "
                        + "per storage class: its rulePriority " + rule.rulePriority() + " must be the highest in the "
                        + "policy, and another rule has " + highest);
            }
        }
    }

    /** A non-empty list of non-empty strings, or an empty list when the member is absent. */
    private static List<String> strings(JsonNode node, String where) {
        if (node == null) {
            return List.of();
        }
        requireType(node, "array", where);
        if (node.isEmpty()) {
            throw invalid(where, "array is too short: must have at least 1 elements but instance has 0 elements");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode value = node.get(i);
            requireType(value, "string", where + "[" + i + "]");
            if (value.asText().isEmpty()) {
                throw invalid(where + "[" + i + "]", "string \"\" is too short (length: 0, required minimum: 1)");
            }
            values.add(value.asText());
        }
        return values;
    }

    /** A positive 32-bit integer: rulePriority and countNumber both start at 1. */
    private static int integer(JsonNode node, String where) {
        requireType(node, "integer", where);
        if (!node.canConvertToInt()) {
            throw invalid(where, UNMAPPABLE + " " + node.asText() + " is not a 32-bit integer");
        }
        if (node.asInt() < 1) {
            throw invalid(where, "numeric instance is lower than the required minimum (minimum: 1, found: "
                    + node.asInt() + ")");
        }
        return node.asInt();
    }

    private static void requireMembers(JsonNode node, List<String> required, Set<String> allowed, String where) {
        List<String> missing = required.stream().filter(name -> !node.has(name)).sorted().toList();
        if (!missing.isEmpty()) {
            throw invalid(where, "object has missing required properties (" + json(missing) + ")");
        }
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw invalid(where, "object instance has properties which are not allowed by the schema: "
                    + json(unknown.stream().sorted().toList()));
        }
    }

    private static void requireType(JsonNode node, String type, String where) {
        String actual = typeOf(node);
        if (!actual.equals(type)) {
            throw invalid(where, "instance type (" + actual + ") does not match any allowed primitive type (allowed: [\""
                    + type + "\"])");
        }
    }

    /** JSON schema's names: 1 is an integer, 1.5 and 1.0 are numbers. */
    private static String typeOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case OBJECT -> "object";
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static ApiException notInEnum(String where, JsonNode value, List<String> allowed) {
        return invalid(where, "instance value (" + json(value) + ") not found in enum (possible values: "
                + json(allowed) + ")");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException invalid(String where, String problem) {
        return EcrErrors.invalidParameter("Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: "
                + "'Lifecycle policy validation failure: " + (where == null ? "" : where + ": ") + problem + "'");
    }
}
