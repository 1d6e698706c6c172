package dev.berth.aws.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.ErrorCode;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Messages;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns flattened form parameters ({@code Targets.member.1.Port=80}) into the JSON the awsJson
 * form of the same model would carry ({@code {"Targets":[{"Port":80}]}}), following the input
 * shape, so the {@link dev.berth.aws.model.InputValidator} and the operations see one form only.
 *
 * <p>Only the shape's members are read; other parameters ({@code Action}, {@code Version}, what a
 * newer client sends) are ignored as the JSON front doors ignore unknown members. Text that does
 * not parse as its member's type is refused here with the field's name, since the validator only
 * ever sees well-typed JSON. Ranges, enums and required members are the validator's. Thread-safe.
 */
final class QueryInputDecoder {
    private static final Pattern INDEX = Pattern.compile("[1-9][0-9]{0,8}");

    private final QueryModel model;
    private final ErrorCode wrongType;

    QueryInputDecoder(QueryModel model, ErrorCode wrongType) {
        this.model = model;
        this.wrongType = wrongType;
    }

    /** Decodes the parameters into structure shape {@code shapeName}. */
    ObjectNode decode(String shapeName, Map<String, String> parameters) {
        Node root = new Node();
        parameters.forEach(root::put);
        return structure(model.shape(shapeName), root, FieldPath.root());
    }

    private JsonNode value(JsonNode reference, Node node, FieldPath path) {
        JsonNode shape = model.target(reference);
        String type = shape.path("type").asText();
        return switch (type) {
            case "structure" -> {
                if (node.value != null && !node.value.isEmpty()) {
                    throw wrong(path, "a structure of parameters like " + path + ".Member", node.value);
                }
                yield structure(shape, node, path);
            }
            case "list" -> list(reference, shape, node, path);
            case "map" -> map(reference, shape, node, path);
            default -> scalar(type, node, path);
        };
    }

    private ObjectNode structure(JsonNode shape, Node node, FieldPath path) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> members = shape.path("members").fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            Node given = node.children.get(model.memberName(member.getKey(), member.getValue()));
            if (given != null) {
                object.set(member.getKey(), value(member.getValue(), given, path.field(member.getKey())));
            }
        }
        return object;
    }

    private ArrayNode list(JsonNode reference, JsonNode shape, Node node, FieldPath path) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        if (node.children.isEmpty()) {
            // "Name=" is how the clients send an empty list; any other text is not a list
            if (node.value != null && !node.value.isEmpty()) {
                throw wrong(path, "a list given as " + path + ".member.1, " + path + ".member.2, …", node.value);
            }
            return array;
        }
        JsonNode element = shape.path("member");
        Node elements = model.flattened(reference) ? node : node.children.get(model.xmlName(element, "member"));
        if (elements == null) {
            throw wrong(path, "a list given as " + path + ".member.1, " + path + ".member.2, …",
                    path + "." + node.children.keySet().iterator().next());
        }
        Map<Integer, Node> ordered = indexed(elements, path);
        int position = 0;
        for (Node item : ordered.values()) {
            array.add(value(element, item, path.index(position++)));
        }
        return array;
    }

    private ObjectNode map(JsonNode reference, JsonNode shape, Node node, FieldPath path) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        if (node.children.isEmpty()) {
            if (node.value != null && !node.value.isEmpty()) {
                throw wrong(path, "a map given as " + path + ".entry.1.key and " + path + ".entry.1.value", node.value);
            }
            return object;
        }
        Node entries = model.flattened(reference) ? node : node.children.get("entry");
        if (entries == null) {
            throw wrong(path, "a map given as " + path + ".entry.1.key and " + path + ".entry.1.value",
                    path + "." + node.children.keySet().iterator().next());
        }
        String keyName = model.xmlName(shape.path("key"), "key");
        String valueName = model.xmlName(shape.path("value"), "value");
        for (Map.Entry<Integer, Node> entry : indexed(entries, path).entrySet()) {
            Node key = entry.getValue().children.get(keyName);
            Node value = entry.getValue().children.get(valueName);
            if (key == null || key.value == null) {
                throw new ApiException(wrongType, path + " entry " + entry.getKey() + " has no " + keyName + ".");
            }
            FieldPath at = path.key(key.value);
            if (value == null) {
                throw new ApiException(wrongType, at + " has no " + valueName + ".");
            }
            object.set(key.value, value(shape.path("value"), value, at));
        }
        return object;
    }

    /** The numbered children (1-based, as sent), in numeric order. */
    private Map<Integer, Node> indexed(Node parent, FieldPath path) {
        Map<Integer, Node> ordered = new TreeMap<>();
        for (Map.Entry<String, Node> child : parent.children.entrySet()) {
            if (!INDEX.matcher(child.getKey()).matches()) {
                throw new ApiException(wrongType, path + " must be numbered from 1; got the position '"
                        + Messages.abbreviate(child.getKey()) + "'.");
            }
            ordered.put(Integer.valueOf(child.getKey()), child.getValue());
        }
        return ordered;
    }

    private JsonNode scalar(String type, Node node, FieldPath path) {
        if (node.value == null) {
            throw new ApiException(wrongType, path + " must be a single value; got parameters nested under it.");
        }
        String text = node.value;
        return switch (type) {
            case "integer", "long" -> {
                try {
                    yield whole(new BigInteger(text));
                } catch (NumberFormatException e) {
                    throw wrong(path, "a whole number", text);
                }
            }
            case "double", "float" -> {
                try {
                    yield DecimalNode.valueOf(new BigDecimal(text));
                } catch (NumberFormatException e) {
                    throw wrong(path, "a number", text);
                }
            }
            case "boolean" -> {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw wrong(path, "true or false", text);
                }
                yield JsonNodeFactory.instance.booleanNode(text.equalsIgnoreCase("true"));
            }
            case "timestamp" -> AwsJson.epochSeconds(timestamp(text, path));
            default -> JsonNodeFactory.instance.textNode(text); // string, and blob as base64 text like awsJson
        };
    }

    /** The node type a JSON parser would have made of the number, so operations can compare nodes. */
    private static JsonNode whole(BigInteger number) {
        if (number.bitLength() < Integer.SIZE) {
            return JsonNodeFactory.instance.numberNode(number.intValue());
        }
        if (number.bitLength() < Long.SIZE) {
            return JsonNodeFactory.instance.numberNode(number.longValue());
        }
        return JsonNodeFactory.instance.numberNode(number);
    }

    private Instant timestamp(String text, FieldPath path) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notIso) {
            try {
                BigDecimal seconds = new BigDecimal(text);
                return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact());
            } catch (NumberFormatException | ArithmeticException notEpoch) {
                throw wrong(path, "an ISO 8601 timestamp like 2026-11-22T08:00:00Z", text);
            }
        }
    }

    private ApiException wrong(FieldPath path, String expected, String got) {
        return new ApiException(wrongType, path + " must be " + expected + "; got '" + Messages.abbreviate(got) + "'.");
    }

    /** The parameter names split at their dots, so each shape can look up its own segment. */
    private static final class Node {
        String value;
        final Map<String, Node> children = new LinkedHashMap<>();

        void put(String name, String text) {
            Node node = this;
            for (String segment : name.split("\\.", -1)) {
                node = node.children.computeIfAbsent(segment, ignored -> new Node());
            }
            node.value = text;
        }
    }
}
