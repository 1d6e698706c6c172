package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive, the parser answers with a manifest or a {@link ManifestInvalidException}: never
 * another exception, which the HTTP layer would turn into a 500 instead of MANIFEST_INVALID.
 */
class ManifestParserRobustnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DOCUMENTS = List.of(ManifestParserTest.DOCKER_MANIFEST, ManifestParserTest.DOCKER_LIST,
            ManifestParserTest.OCI_MANIFEST, ManifestParserTest.OCI_INDEX, ManifestParserTest.OCI_ARTIFACT);
    private static final List<String> CONTENT_TYPES = List.of("", MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);

    /** Every wrong type, and numbers that overflow or wrap to a plausible value when narrowed (2^64 + 2, 2^32 + 2). */
    private static final List<JsonNode> WRONG = List.of(NullNode.instance, BooleanNode.TRUE, TextNode.valueOf(""),
            TextNode.valueOf("2"), TextNode.valueOf("sha256:zz"), IntNode.valueOf(2), IntNode.valueOf(-1), DoubleNode.valueOf(1.5),
            LongNode.valueOf(4294967298L), BigIntegerNode.valueOf(new BigInteger("18446744073709551618")),
            DecimalNode.valueOf(new BigDecimal("1e400")), JsonNodeFactory.instance.arrayNode(),
            JsonNodeFactory.instance.arrayNode().add(NullNode.instance), JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance.objectNode().putNull("mediaType"));

    private int checked;

    @Test
    void everyMemberReplacedByEveryWrongTypeOrRemovedIsParsedOrRefusedNamingItsField() throws Exception {
        for (String document : DOCUMENTS) {
            JsonNode root = JSON.readTree(document);
            mutate(root, root, "");
        }
        assertThat(checked).isGreaterThan(4_000);
    }

    /** Replaces each member of {@code node} in place, checks the whole document, and puts it back. */
    private void mutate(JsonNode root, JsonNode node, String label) {
        if (node instanceof ObjectNode object) {
            for (String name : object.properties().stream().map(java.util.Map.Entry::getKey).toList()) {
                JsonNode original = object.get(name);
                String field = label.isEmpty() ? name : label + "." + name;
                for (JsonNode wrong : WRONG) {
                    object.set(name, wrong);
                    check(root, field);
                }
                object.remove(name);
                check(root, field);
                object.set(name, original);
                mutate(root, original, field);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode original = array.get(i);
                String element = label + "[" + i + "]";
                for (JsonNode wrong : WRONG) {
                    array.set(i, wrong);
                    check(root, element);
                }
                array.set(i, original);
                mutate(root, original, element);
            }
        }
    }

    private void check(JsonNode root, String field) {
        String json = root.toString();
        for (String contentType : CONTENT_TYPES) {
            checked++;
            assertThatCode(() -> {
                try {
                    ManifestParser.parse(json.getBytes(StandardCharsets.UTF_8), contentType);
                } catch (ManifestInvalidException refused) {
                    // inside a descriptor or an annotation map, the message names what holds the member (size and
                    // data are checked together, so a wrong size may be reported as data not matching it); checked
                    // without a Content-Type, since the wrong one is refused before any member is read
                    if (contentType.isEmpty() && (field.contains(".") || field.contains("["))) {
                        String holder = field.replaceAll("(\\[\\d+]|\\.[^.\\[]+)$", "");
                        assertThat(refused.getMessage()).as(json).startsWith(holder);
                    }
                }
            }).as("%s with Content-Type '%s'", json, contentType).doesNotThrowAnyException();
        }
    }

    @Test
    void everyPrefixOfAValidManifestIsParsedOrRefused() {
        for (String document : DOCUMENTS) {
            byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
            for (int length = 0; length < bytes.length; length++) {
                byte[] prefix = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> ManifestParser.parse(prefix, null)).as(new String(prefix, StandardCharsets.UTF_8))
                        .isInstanceOf(ManifestInvalidException.class);
            }
        }
    }

    @Test
    void randomlyMutatedBytesAndRandomGarbageAreParsedOrRefused() {
        Random random = new Random(42);
        List<byte[]> inputs = new ArrayList<>();
        for (String document : DOCUMENTS) {
            byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 2_000; i++) {
                byte[] mutated = bytes.clone();
                for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
                inputs.add(mutated);
            }
        }
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage = new byte[random.nextInt(300)];
            random.nextBytes(garbage);
            inputs.add(garbage);
        }
        for (byte[] input : inputs) {
            assertThatCode(() -> {
                try {
                    ManifestParser.parse(input, random.nextBoolean() ? null : MediaTypes.OCI_MANIFEST);
                } catch (ManifestInvalidException refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            }).as(Arrays.toString(input)).doesNotThrowAnyException();
        }
    }

    @Test
    void whatClientsWouldReadDifferentlyIsRefused() {
        String manifest = ManifestParserTest.OCI_MANIFEST;

        assertRefused(new byte[0], "the manifest is empty");
        assertRefused(" \n\t".getBytes(StandardCharsets.UTF_8), "the manifest is empty");
        assertRefused(("\uFEFF" + manifest).getBytes(StandardCharsets.UTF_8),
                "the manifest starts with a byte order mark, which Go clients cannot read");
        assertRefused(manifest.getBytes(StandardCharsets.UTF_16), "the manifest is not valid UTF-8");
        assertRefused(manifest.getBytes(StandardCharsets.UTF_16LE), "the manifest is not valid JSON: ");
        assertRefused(manifest.replace("2026", "2026\u00e9").getBytes(StandardCharsets.ISO_8859_1),
                "the manifest is not valid UTF-8");
        assertRefused((manifest + "{}").getBytes(StandardCharsets.UTF_8), "the manifest is not valid JSON: more follows its value (line 1, column");
        assertRefused(manifest.replace("{\"schemaVersion\":2,", "{\"schemaVersion\":2,\"config\":{},")
                .getBytes(StandardCharsets.UTF_8), "the manifest is not valid JSON: Duplicate field 'config' (line 1, column");
        assertRefused(manifest.replace("\"layers\"", "// layers\n\"layers\"").getBytes(StandardCharsets.UTF_8),
                "the manifest is not valid JSON: ");
        assertRefused(manifest.replace("1230", "NaN").getBytes(StandardCharsets.UTF_8), "the manifest is not valid JSON: ");
        assertRefused(manifest.replace("1230", "01230").getBytes(StandardCharsets.UTF_8), "the manifest is not valid JSON: ");
        assertRefused(manifest.replace("2026", "2026\u0001").getBytes(StandardCharsets.UTF_8), "the manifest is not valid JSON: ");
        assertRefused(manifest.replace("}}", "},}").getBytes(StandardCharsets.UTF_8), "the manifest is not valid JSON: ");
        // trailing whitespace is how most tools end a file
        assertThat(ManifestParser.parse((manifest + "\n").getBytes(StandardCharsets.UTF_8), null).mediaType())
                .isEqualTo(MediaTypes.OCI_MANIFEST);
    }

    @Test
    void deepNestingAndHugeValuesAreRefusedWithoutExhaustingTheStack() {
        String deep = "{\"schemaVersion\":2,\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        String deepObjects = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);

        assertRefused(deep.getBytes(StandardCharsets.UTF_8), "the manifest is not valid JSON: ");
        assertRefused(deepObjects.getBytes(StandardCharsets.UTF_8), "the manifest is not valid JSON: ");
        assertRefused("[".repeat(10_000).getBytes(StandardCharsets.UTF_8), "the manifest is not valid JSON: ");
        assertRefused(("{\"schemaVersion\":" + "9".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8),
                "the manifest is not valid JSON: ");
        // nesting a real manifest needs is well inside the limit
        String nested = ManifestParserTest.OCI_MANIFEST.replace("\"annotations\"",
                "\"x-extension\":" + "{\"a\":".repeat(30) + "1" + "}".repeat(30) + ",\"annotations\"");
        assertThat(ManifestParser.parse(nested.getBytes(StandardCharsets.UTF_8), null).layers()).hasSize(2);
    }

    private static void assertRefused(byte[] body, String message) {
        assertThatThrownBy(() -> ManifestParser.parse(body, null)).isInstanceOf(ManifestInvalidException.class)
                .hasMessageStartingWith(message);
    }
}
