package dev.berth.domain.taskdefinition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Breaks a valid request the way a caller can once the protocol layer has checked it against the
 * ECS model: every member keeps its JSON type (ints stay ints within 32 bits, strings stay strings,
 * enum members stay within their enum), but values go out of range, members disappear, lists are
 * emptied or padded and elements are doubled. Seeded, so a failure can be replayed.
 */
final class TypePreservingMutator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** String members whose values the ECS model restricts to an enum. */
    private static final Map<String, List<String>> ENUMS = Map.ofEntries(
            Map.entry("networkMode", List.of("bridge", "host", "awsvpc", "none")),
            Map.entry("protocol", List.of("tcp", "udp")),
            Map.entry("appProtocol", List.of("http", "http2", "grpc")),
            Map.entry("condition", List.of("START", "COMPLETE", "SUCCESS", "HEALTHY")),
            Map.entry("requiresCompatibilities", List.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES")),
            Map.entry("logDriver", List.of("json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk",
                    "awsfirelens")),
            Map.entry("pidMode", List.of("host", "task")),
            Map.entry("ipcMode", List.of("host", "task", "none")),
            Map.entry("type", List.of("s3", "memberOf", "fluentd", "fluentbit", "APPMESH")),
            Map.entry("scope", List.of("task", "shared")));
    /** Objects that are maps of strings, so a new entry keeps the model's shape. */
    private static final Set<String> STRING_MAPS = Set.of("options", "dockerLabels", "driverOpts", "labels");

    private static final int[] INTS = {0, -1, 1, 2, 4, 5, 6, 10, 11, 59, 60, 61, 119, 120, 121, 127, 128, 255, 256, 300,
        301, 512, 1024, 1800, 1801, 65535, 65536, 70000, 196608, 196609, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final String[] STRINGS = {"", " ", "web app", "ünïcödé-🚢", "proxy", "app", "static", "db_password",
        "/app/db/password", "arn:", "arn:aws:ssm:us-west-1:1:parameter/", "arn:aws:s3:::bucket/key",
        "arn:aws:secretsmanager:us-west-1:1:secret:x:y", "arn:aws:secretsmanager:us-west-1:1:secret:x-AbCdEf:k::",
        "aws:owner", "1 vCPU", "0.5 vcpu", "2 GB", "2 GiB", "0.3 vcpu", "99999999999", "-1", "0", "70000", "8000-8010",
        "8010-8000", "0-10", "CMD", "CMD-SHELL", "NONE", "true", "yes", "blocking", "25m", "name:alias", "app:alias",
        ":", "a".repeat(300), "${jndi:ldap://x}", "\u0000", "../../etc/passwd", "HTTP", "-x", "nginx@sha256:00"};

    private final Random random;

    TypePreservingMutator(long seed) {
        this.random = new Random(seed);
    }

    ObjectNode mutate(ObjectNode original) {
        ObjectNode copy = original.deepCopy();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            List<Slot> slots = new ArrayList<>();
            collect(copy, null, slots);
            mutate(slots.get(random.nextInt(slots.size())));
        }
        return copy;
    }

    /** A place in the tree: a member of an object or an element of an array, named by its member name. */
    private record Slot(JsonNode parent, String name, int index, JsonNode value) {
    }

    private void collect(JsonNode node, String name, List<Slot> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                into.add(new Slot(node, member.getKey(), -1, member.getValue()));
                collect(member.getValue(), member.getKey(), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                into.add(new Slot(node, name, i, node.get(i)));
                collect(node.get(i), name, into);
            }
        }
    }

    private void mutate(Slot slot) {
        if (slot.index() < 0 && random.nextInt(6) == 0) {
            ((ObjectNode) slot.parent()).remove(slot.name());
            return;
        }
        JsonNode replacement = replacementFor(slot.name(), slot.value());
        if (replacement == null) {
            return;
        }
        if (slot.index() < 0) {
            ((ObjectNode) slot.parent()).set(slot.name(), replacement);
        } else {
            ((ArrayNode) slot.parent()).set(slot.index(), replacement);
        }
    }

    /** A new value of the same JSON type, or null when the value was changed in place. */
    private JsonNode replacementFor(String name, JsonNode value) {
        if (value.isInt()) {
            return NODES.numberNode(switch (random.nextInt(3)) {
                case 0 -> INTS[random.nextInt(INTS.length)];
                case 1 -> value.intValue() + (random.nextBoolean() ? 1 : -1);
                default -> random.nextInt();
            });
        }
        if (value.isBoolean()) {
            return NODES.booleanNode(!value.booleanValue());
        }
        if (value.isTextual()) {
            return NODES.textNode(string(name, value.textValue()));
        }
        if (value.isArray()) {
            mutateArray(name, (ArrayNode) value);
            return null;
        }
        if (value.isObject()) {
            ObjectNode object = (ObjectNode) value;
            if (random.nextInt(3) == 0) {
                object.removeAll();
            } else if (STRING_MAPS.contains(name)) {
                object.put(string(null, ""), string(null, ""));
            } else if (!object.isEmpty()) {
                List<String> members = new ArrayList<>();
                object.properties().forEach(member -> members.add(member.getKey()));
                object.remove(members.get(random.nextInt(members.size())));
            }
            return null;
        }
        return null;
    }

    private String string(String name, String current) {
        List<String> allowed = name == null ? null : ENUMS.get(name);
        if (allowed != null) {
            return allowed.get(random.nextInt(allowed.size()));
        }
        return switch (random.nextInt(12)) {
            case 0 -> current.isEmpty() ? "x" : current.substring(0, random.nextInt(current.length()));
            case 1 -> current + (char) ('!' + random.nextInt(94));
            case 2 -> randomText(1 + random.nextInt(20));
            case 3 -> random.nextInt(20) == 0 ? "x".repeat(70_000) : "é".repeat(random.nextInt(200));
            default -> STRINGS[random.nextInt(STRINGS.length)];
        };
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextInt(4) == 0 ? 0x20 + random.nextInt(0x60) : 'a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private void mutateArray(String name, ArrayNode array) {
        int size = array.size();
        switch (random.nextInt(size == 0 ? 1 : 6)) {
            case 0 -> array.removeAll();
            case 1 -> array.add(array.get(random.nextInt(size)).deepCopy());
            case 2 -> array.remove(random.nextInt(size));
            case 3 -> {
                int target = 10 + random.nextInt(45);
                while (array.size() < target) {
                    array.add(array.get(random.nextInt(size)).deepCopy());
                }
            }
            case 4 -> array.insert(0, array.remove(size - 1));
            default -> {
                JsonNode copy = array.get(random.nextInt(size)).deepCopy();
                JsonNode changed = replacementFor(name, copy);
                array.add(changed == null ? copy : changed);
            }
        }
    }
}
