package dev.berth.domain.tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Messages;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ECS resource tags ({@code [{key, value}]}): validation and the merge rules of TagResource and
 * UntagResource. Immutable; insertion order is kept so what was given comes back in its order.
 */
public final class Tags {
    public static final int MAX_TAGS = 50;
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final Tags EMPTY = new Tags(Map.of());

    private final Map<String, String> entries;

    private Tags(Map<String, String> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static Tags empty() {
        return EMPTY;
    }

    /** Reads and validates the wire form; a missing node is no tags. */
    public static Tags parse(JsonNode node, FieldPath path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return EMPTY;
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            FieldPath at = path.index(i);
            String key = tag.path("key").asText(null);
            String value = tag.path("value").asText("");
            validateKey(key, at.field("key"));
            if (value.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw EcsErrors.invalidParameter(at.field("value") + " uses the reserved prefix 'aws:'.");
            }
            if (value.length() > 256 || !ALLOWED.matcher(value).matches()) {
                throw EcsErrors.invalidParameter(at.field("value")
                        + " must be at most 256 letters, numbers, spaces or _.:/=+-@; got '"
                        + Messages.abbreviate(value) + "'.");
            }
            entries.put(key, value);
        }
        checkCount(entries.size());
        return new Tags(entries);
    }

    /** Validates a list of keys as UntagResource receives them. */
    public static void validateKeys(Collection<String> keys, FieldPath path) {
        int i = 0;
        for (String key : keys) {
            validateKey(key, path.index(i++));
        }
    }

    private static void validateKey(String key, FieldPath at) {
        if (key == null || key.isEmpty() || key.length() > 128 || !ALLOWED.matcher(key).matches()) {
            throw EcsErrors.invalidParameter(at + " must be 1 to 128 letters, numbers, spaces or _.:/=+-@; got '"
                    + Messages.abbreviate(key) + "'.");
        }
        if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw EcsErrors.invalidParameter(at + " uses the reserved prefix 'aws:'.");
        }
    }

    private static void checkCount(int count) {
        if (count > MAX_TAGS) {
            throw EcsErrors.invalidParameter("A resource can have at most " + MAX_TAGS + " tags; this request would give it "
                    + count + ".");
        }
    }

    public Tags with(Tags added) {
        Map<String, String> merged = new LinkedHashMap<>(entries);
        merged.putAll(added.entries);
        checkCount(merged.size());
        return new Tags(merged);
    }

    public Tags without(Collection<String> keys) {
        Map<String, String> kept = new LinkedHashMap<>(entries);
        keys.forEach(kept::remove);
        return new Tags(kept);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public Map<String, String> asMap() {
        return entries;
    }

    public ArrayNode toJson() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        entries.forEach((key, value) -> {
            ObjectNode tag = array.addObject();
            tag.put("key", key);
            tag.put("value", value);
        });
        return array;
    }
}
