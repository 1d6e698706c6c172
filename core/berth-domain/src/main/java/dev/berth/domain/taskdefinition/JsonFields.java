package dev.berth.domain.taskdefinition;

import com.fasterxml.jackson.databind.JsonNode;

/** Null-tolerant reads of optional members; types were already checked against the ECS model. */
final class JsonFields {
    private JsonFields() {
    }

    static boolean has(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    static Iterable<JsonNode> list(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isArray() ? java.util.List.of() : value;
    }

    static int size(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isArray() ? 0 : value.size();
    }
}
