package dev.berth.domain.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.validation.FieldPath;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tag validation and the merge rules of TagResource and UntagResource. */
class TagsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final FieldPath TAGS = FieldPath.of("tags");

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Tags tags(int count, String prefix) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < count; i++) {
            array.addObject().put("key", prefix + i).put("value", "v" + i);
        }
        return Tags.parse(array, TAGS);
    }

    private static void assertInvalidParameter(Runnable action, String messageStart) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(action::run)
                .satisfies(e -> assertThat(e.code().type()).isEqualTo("InvalidParameterException"))
                .satisfies(e -> assertThat(e.code().httpStatus()).isEqualTo(400))
                .withMessageStartingWith(messageStart);
    }

    @Test
    void parsingKeepsTheGivenOrderAndRoundTripsToTheWireForm() {
        JsonNode wire = json("[{\"key\": \"team\", \"value\": \"shop\"}, {\"key\": \"env\", \"value\": \"prod\"}, {\"key\": \"a\", \"value\": \"1\"}]");

        Tags tags = Tags.parse(wire, TAGS);

        assertThat(tags.asMap()).containsExactly(Map.entry("team", "shop"), Map.entry("env", "prod"), Map.entry("a", "1"));
        assertThat(tags.toJson()).isEqualTo(wire);
        assertThat(tags.isEmpty()).isFalse();
    }

    @Test
    void aMissingOrNullNodeIsNoTags() {
        assertThat(Tags.parse(null, TAGS).isEmpty()).isTrue();
        assertThat(Tags.parse(NullNode.getInstance(), TAGS).isEmpty()).isTrue();
        assertThat(Tags.parse(MissingNode.getInstance(), TAGS).asMap()).isEmpty();
        assertThat(Tags.empty().toJson()).isEmpty();
    }

    @Test
    void aTagWithoutValueHasAnEmptyValue() {
        assertThat(Tags.parse(json("[{\"key\": \"flag\"}]"), TAGS).asMap()).containsExactly(Map.entry("flag", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws:owner", "AWS:owner", "Aws:x", "aws:"})
    void keysWithTheReservedAwsPrefixInAnyCaseAreRefused(String key) {
        JsonNode wire = json("[{\"key\": \"ok\", \"value\": \"1\"}, {\"key\": \"" + key + "\", \"value\": \"2\"}]");

        assertInvalidParameter(() -> Tags.parse(wire, TAGS), "tags[1].key uses the reserved prefix 'aws:'");
    }

    @Test
    void aKeyOrValueThatMerelyContainsAwsIsAccepted() {
        assertThat(Tags.parse(json("[{\"key\": \"my-aws:thing\", \"value\": \"not-aws:ok\"}]"), TAGS).asMap())
                .containsEntry("my-aws:thing", "not-aws:ok");
    }

    @Test
    void aValueWithTheReservedPrefixIsRefusedAsAKeyWouldBe() {
        JsonNode wire = json("[{\"key\": \"owner\", \"value\": \"AWS:ecs\"}]");

        assertInvalidParameter(() -> Tags.parse(wire, TAGS), "tags[0].value uses the reserved prefix 'aws:'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a|b", "semi;colon", "quote\\\"", "tab\\t"})
    void keysOutsideTheAllowedCharactersOrEmptyAreRefused(String key) {
        JsonNode wire = json("[{\"key\": \"" + key + "\", \"value\": \"v\"}]");

        assertInvalidParameter(() -> Tags.parse(wire, TAGS), "tags[0].key must be 1 to 128");
    }

    @Test
    void aMissingKeyIsRefused() {
        assertInvalidParameter(() -> Tags.parse(json("[{\"value\": \"v\"}]"), TAGS), "tags[0].key");
    }

    @Test
    void unicodeLettersSpacesAndTheAllowedPunctuationAreAccepted() {
        Tags tags = Tags.parse(json("[{\"key\": \"Kostenstelle Größe_1.2:3/4=5+6-7@8\", \"value\": \"日本 東京\"}]"), TAGS);

        assertThat(tags.asMap()).containsEntry("Kostenstelle Größe_1.2:3/4=5+6-7@8", "日本 東京");
    }

    @Test
    void keysUpTo128AndValuesUpTo256CharactersAreAccepted() {
        ArrayNode wire = JsonNodeFactory.instance.arrayNode();
        wire.addObject().put("key", "k".repeat(128)).put("value", "v".repeat(256));
        assertThat(Tags.parse(wire, TAGS).asMap()).hasSize(1);

        ArrayNode longKey = JsonNodeFactory.instance.arrayNode();
        longKey.addObject().put("key", "k".repeat(129)).put("value", "v");
        assertInvalidParameter(() -> Tags.parse(longKey, TAGS), "tags[0].key");

        ArrayNode longValue = JsonNodeFactory.instance.arrayNode();
        longValue.addObject().put("key", "k").put("value", "v".repeat(257));
        assertInvalidParameter(() -> Tags.parse(longValue, TAGS), "tags[0].value");
    }

    @Test
    void aValueWithDisallowedCharactersIsRefused() {
        assertInvalidParameter(() -> Tags.parse(json("[{\"key\": \"k\", \"value\": \"a<b>\"}]"), TAGS), "tags[0].value");
    }

    @Test
    void fiftyTagsAreAllowedButNotFiftyOne() {
        assertThat(tags(50, "k").asMap()).hasSize(50);
        assertInvalidParameter(() -> tags(51, "k"), "A resource can have at most 50 tags");
    }

    @Test
    void aRepeatedKeyInOneRequestKeepsTheLastValue() {
        Tags tags = Tags.parse(json("[{\"key\": \"a\", \"value\": \"1\"}, {\"key\": \"a\", \"value\": \"2\"}]"), TAGS);

        assertThat(tags.asMap()).containsExactly(Map.entry("a", "2"));
    }

    @Test
    void withAddsNewKeysAtTheEndAndOverwritesExistingOnesInPlace() {
        Tags existing = Tags.parse(json("[{\"key\": \"a\", \"value\": \"1\"}, {\"key\": \"b\", \"value\": \"2\"}]"), TAGS);
        Tags added = Tags.parse(json("[{\"key\": \"c\", \"value\": \"3\"}, {\"key\": \"a\", \"value\": \"9\"}]"), TAGS);

        Tags merged = existing.with(added);

        assertThat(merged.asMap()).containsExactly(Map.entry("a", "9"), Map.entry("b", "2"), Map.entry("c", "3"));
        assertThat(existing.asMap()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    }

    @Test
    void withRefusesAMergeThatWouldExceedFiftyTagsButAllowsOverwritingAtFifty() {
        Tags full = tags(50, "k");

        assertThat(full.with(tags(10, "k")).asMap()).hasSize(50);
        assertInvalidParameter(() -> full.with(tags(1, "new")), "A resource can have at most 50 tags; this request would give it 51");
    }

    @Test
    void withoutRemovesTheGivenKeysAndIgnoresUnknownOnes() {
        Tags tags = Tags.parse(json("[{\"key\": \"a\", \"value\": \"1\"}, {\"key\": \"b\", \"value\": \"2\"}, {\"key\": \"c\", \"value\": \"3\"}]"), TAGS);

        Tags remaining = tags.without(List.of("b", "zzz"));

        assertThat(remaining.asMap()).containsExactly(Map.entry("a", "1"), Map.entry("c", "3"));
        assertThat(tags.asMap()).hasSize(3);
        assertThat(remaining.without(List.of("a", "c")).isEmpty()).isTrue();
    }

    @Test
    void theMapIsUnmodifiable() {
        Tags tags = tags(1, "k");

        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> tags.asMap().put("x", "y"));
    }

    @Test
    void untagKeysAreValidatedWithTheirIndex() {
        Tags.validateKeys(List.of("a", "b"), FieldPath.of("tagKeys"));

        assertInvalidParameter(() -> Tags.validateKeys(List.of("a", "aws:b"), FieldPath.of("tagKeys")), "tagKeys[1] uses the reserved prefix");
        assertInvalidParameter(() -> Tags.validateKeys(List.of(""), FieldPath.of("tagKeys")), "tagKeys[0] must be 1 to 128");
    }
}
