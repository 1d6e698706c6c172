package dev.berth.ecs.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.store.Record;
import dev.berth.store.StoreException;

/** Record bodies are JSON objects; these read and write them. */
public final class Json {
    private Json() {
    }

    public static ObjectNode object() {
        return AwsJson.mapper().createObjectNode();
    }

    public static ObjectNode body(Record record) {
        try {
            return (ObjectNode) AwsJson.mapper().readTree(record.body());
        } catch (JsonProcessingException | ClassCastException e) {
            throw new StoreException("record " + record.kind() + "/" + record.id() + " does not hold a JSON object", e);
        }
    }

    public static String text(JsonNode node) {
        try {
            return AwsJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** An optional string member, null when absent. */
    public static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }
}
