package dev.berth.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Breaks a valid request in the ways callers do: a member removed, replaced by a value of another
 * type or out of range, an unknown member added, a list emptied or an element doubled. Seeded, so
 * a failure can be replayed.
 */
public final class JsonMutator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] STRINGS = {"", " ", "web app", "ünïcödé-🚢", "a".repeat(300), "arn:aws:ecs:::",
        "${jndi:ldap://x}", "'; DROP TABLE records; --", "-1", "CMD", "HEALTHY", "awsvpc", "FARGATE", "null",
        "\u0000", "../../etc/passwd", "1 vCPU", "70000"};
    private static final long[] NUMBERS = {0, -1, 1, 5, 6, 65535, 65536, 70000, Integer.MAX_VALUE, Integer.MIN_VALUE,
        Long.MAX_VALUE, 300, 301, 2, 1};

    private final Random random;

    public JsonMutator(long seed) {
        this.random = new Random(seed);
    }

    public ObjectNode mutate(ObjectNode original) {
        ObjectNode copy = original.deepCopy();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            List<JsonNode> containers = new ArrayList<>();
            collectContainers(copy, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            mutateOne(target);
        }
        return copy;
    }

    private void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isObject() || node.isArray()) {
            into.add(node);
            node.forEach(child -> collectContainers(child, into));
        }
    }

    private void mutateOne(JsonNode container) {
        if (container.isObject()) {
            ObjectNode object = (ObjectNode) container;
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty() || random.nextInt(10) == 0) {
                object.set("unknownMember" + random.nextInt(3), randomValue());
                return;
            }
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(4) == 0) {
                object.remove(name);
            } else {
                object.set(name, randomValue());
            }
        } else {
            ArrayNode array = (ArrayNode) container;
            switch (random.nextInt(4)) {
                case 0 -> array.removeAll();
                case 1 -> {
                    if (!array.isEmpty()) {
                        array.add(array.get(random.nextInt(array.size())).deepCopy());
                    }
                }
                case 2 -> array.add(randomValue());
                default -> {
                    if (!array.isEmpty()) {
                        array.set(random.nextInt(array.size()), randomValue());
                    }
                }
            }
        }
    }

    private JsonNode randomValue() {
        return switch (random.nextInt(8)) {
            case 0 -> NODES.textNode(STRINGS[random.nextInt(STRINGS.length)]);
            case 1 -> NODES.numberNode(NUMBERS[random.nextInt(NUMBERS.length)]);
            case 2 -> NODES.numberNode(random.nextDouble() * 1000);
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.arrayNode().add(NODES.textNode(STRINGS[random.nextInt(STRINGS.length)]));
            case 6 -> NODES.objectNode().put("name", STRINGS[random.nextInt(STRINGS.length)]);
            default -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
        };
    }
}
