package dev.berth.aws.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Messages;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a request body against its input shape and returns a copy that holds only the members
 * the model knows. This is what the AWS front ends do before an operation runs: wrong JSON types,
 * missing required members, values outside an enum, lengths and ranges are refused with a message
 * naming the field; members a newer SDK sends that this model does not know are dropped.
 *
 * <p>Thread-safe: the only state is a cache of compiled patterns.
 */
public final class InputValidator {
    private final ServiceModel model;
    private final ValidationErrors errors;
    private final Map<String, Optional<Pattern>> patterns = new ConcurrentHashMap<>();

    public InputValidator(ServiceModel model, ValidationErrors errors) {
        this.model = model;
        this.errors = errors;
    }

    /** Validates {@code input} (a JSON object) against structure shape {@code shapeName}. */
    public ObjectNode validate(String shapeName, JsonNode input) {
        return (ObjectNode) check(shapeName, input, FieldPath.root());
    }

    private JsonNode check(String shapeName, JsonNode value, FieldPath path) {
        JsonNode shape = model.shape(shapeName);
        String type = shape.path("type").asText();
        return switch (type) {
            case "structure" -> structure(shapeName, shape, value, path);
            case "list" -> list(shape, value, path);
            case "map" -> map(shape, value, path);
            case "string" -> string(shapeName, shape, value, path);
            case "integer", "long" -> integral(type, shape, value, path);
            case "boolean" -> {
                expect(value.isBoolean(), path, "a boolean", value);
                yield value;
            }
            case "double", "float" -> {
                expect(value.isNumber(), path, "a number", value);
                yield value;
            }
            case "timestamp" -> {
                expect(value.isNumber() || value.isTextual(), path, "a timestamp (epoch seconds)", value);
                yield value;
            }
            case "blob" -> blob(value, path);
            default -> value;
        };
    }

    private JsonNode structure(String shapeName, JsonNode shape, JsonNode value, FieldPath path) {
        expect(value.isObject(), path, "an object", value);
        JsonNode members = shape.path("members");
        ObjectNode known = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode member = members.get(field.getKey());
            if (member == null || field.getValue().isNull()) {
                continue; // unknown to this model (a newer client) or explicitly absent
            }
            known.set(field.getKey(), check(member.path("shape").asText(), field.getValue(), path.field(field.getKey())));
        }
        for (JsonNode required : shape.path("required")) {
            if (!known.has(required.asText())) {
                throw new ApiException(errors.badValue(), path.field(required.asText()) + " is required.");
            }
        }
        return known;
    }

    private JsonNode list(JsonNode shape, JsonNode value, FieldPath path) {
        expect(value.isArray(), path, "a list", value);
        bounds(shape, value.size(), path, "items");
        String memberShape = shape.path("member").path("shape").asText();
        ArrayNode copy = JsonNodeFactory.instance.arrayNode(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (element.isNull()) {
                throw new ApiException(errors.wrongType(), path.index(i) + " must not be null.");
            }
            copy.add(check(memberShape, element, path.index(i)));
        }
        return copy;
    }

    private JsonNode map(JsonNode shape, JsonNode value, FieldPath path) {
        expect(value.isObject(), path, "an object", value);
        bounds(shape, value.size(), path, "entries");
        String keyShape = shape.path("key").path("shape").asText();
        String valueShape = shape.path("value").path("shape").asText();
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            FieldPath at = path.key(entry.getKey());
            check(keyShape, JsonNodeFactory.instance.textNode(entry.getKey()), at);
            if (entry.getValue().isNull()) {
                throw new ApiException(errors.wrongType(), at + " must not be null.");
            }
            copy.set(entry.getKey(), check(valueShape, entry.getValue(), at));
        }
        return copy;
    }

    private JsonNode string(String shapeName, JsonNode shape, JsonNode value, FieldPath path) {
        expect(value.isTextual(), path, "a string", value);
        String text = value.asText();
        JsonNode allowed = shape.get("enum");
        if (allowed != null) {
            boolean found = false;
            for (JsonNode option : allowed) {
                found |= option.asText().equals(text);
            }
            if (!found) {
                throw new ApiException(errors.badValue(), path + " must be one of " + joined(allowed) + "; got '"
                        + Messages.abbreviate(text) + "'.");
            }
        }
        bounds(shape, text.length(), path, "characters");
        if (shape.has("pattern")) {
            Optional<Pattern> pattern = patterns.computeIfAbsent(shapeName, name -> compile(shape.get("pattern").asText()));
            if (pattern.isPresent() && !pattern.get().matcher(text).matches()) {
                throw new ApiException(errors.badValue(), path + " must match " + shape.get("pattern").asText()
                        + "; got '" + Messages.abbreviate(text) + "'.");
            }
        }
        return value;
    }

    private JsonNode integral(String type, JsonNode shape, JsonNode value, FieldPath path) {
        boolean fits = value.isIntegralNumber() && (type.equals("long") ? value.canConvertToLong() : value.canConvertToInt());
        expect(fits, path, type.equals("long") ? "a whole number" : "a whole number of at most 10 digits", value);
        long number = value.asLong();
        if (shape.has("min") && number < shape.get("min").asLong()) {
            throw new ApiException(errors.badValue(), path + " must be at least " + shape.get("min").asLong() + "; got "
                    + number + ".");
        }
        if (shape.has("max") && number > shape.get("max").asLong()) {
            throw new ApiException(errors.badValue(), path + " must be at most " + shape.get("max").asLong() + "; got "
                    + number + ".");
        }
        return value;
    }

    private JsonNode blob(JsonNode value, FieldPath path) {
        expect(value.isTextual(), path, "a base64 string", value);
        try {
            Base64.getDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw new ApiException(errors.wrongType(), path + " must be base64.");
        }
        return value;
    }

    private void bounds(JsonNode shape, int size, FieldPath path, String unit) {
        if (shape.has("min") && size < shape.get("min").asInt()) {
            throw new ApiException(errors.badValue(), path + " must have at least " + shape.get("min").asInt() + " "
                    + unit + "; it has " + size + ".");
        }
        if (shape.has("max") && size > shape.get("max").asLong()) {
            throw new ApiException(errors.badValue(), path + " must have at most " + shape.get("max").asLong() + " "
                    + unit + "; it has " + size + ".");
        }
    }

    private void expect(boolean ok, FieldPath path, String expected, JsonNode value) {
        if (!ok) {
            throw new ApiException(errors.wrongType(), path + " must be " + expected + "; got " + describe(value) + ".");
        }
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "the string '" + Messages.abbreviate(value.asText()) + "'";
            case BOOLEAN -> value.asText();
            case NUMBER -> "the number " + Messages.abbreviate(value.asText());
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String joined(JsonNode options) {
        StringBuilder text = new StringBuilder();
        for (JsonNode option : options) {
            text.append(text.isEmpty() ? "" : ", ").append(option.asText());
        }
        return text.toString();
    }

    private static Optional<Pattern> compile(String regex) {
        try {
            return Optional.of(Pattern.compile(regex));
        } catch (PatternSyntaxException notJavaSyntax) {
            return Optional.empty(); // a model pattern Java cannot read is not checked rather than refused
        }
    }
}
