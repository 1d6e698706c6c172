package dev.berth.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * "What went in comes back": every member of {@code given} is in {@code returned} with an equal
 * value (objects compared member by member, lists element by element, numbers by value). Members
 * ECS adds (defaults, ARNs, timestamps) are allowed.
 */
public final class JsonSubset {
    private JsonSubset() {
    }

    /** The paths where {@code returned} differs from {@code given}; empty when it holds all of it. */
    public static List<String> differences(JsonNode given, JsonNode returned) {
        List<String> differences = new ArrayList<>();
        compare("", given, returned, differences);
        return differences;
    }

    private static void compare(String path, JsonNode given, JsonNode returned, List<String> differences) {
        if (returned == null || returned.isMissingNode()) {
            differences.add(path + ": missing");
        } else if (given.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                compare(path + "." + field.getKey(), field.getValue(), returned.get(field.getKey()), differences);
            }
        } else if (given.isArray()) {
            if (!returned.isArray() || returned.size() != given.size()) {
                differences.add(path + ": expected " + given + " but was " + returned);
                return;
            }
            for (int i = 0; i < given.size(); i++) {
                compare(path + "[" + i + "]", given.get(i), returned.get(i), differences);
            }
        } else if (given.isNumber() && returned.isNumber()) {
            if (given.decimalValue().compareTo(returned.decimalValue()) != 0) {
                differences.add(path + ": expected " + given + " but was " + returned);
            }
        } else if (!given.equals(returned)) {
            differences.add(path + ": expected " + given + " but was " + returned);
        }
    }
}
