package dev.berth.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How field paths render in error messages. */
class FieldPathTest {

    @Test
    void nestedFieldsAndIndexesRenderTheWayMessagesNameThem() {
        FieldPath path = FieldPath.of("containerDefinitions").index(1).field("portMappings").index(0).field("containerPort");

        assertThat(path).hasToString("containerDefinitions[1].portMappings[0].containerPort");
    }

    @Test
    void mapKeysRenderQuotedInBrackets() {
        FieldPath path = FieldPath.of("containerDefinitions").index(0).field("logConfiguration").field("options")
                .key("awslogs-group");

        assertThat(path).hasToString("containerDefinitions[0].logConfiguration.options[\"awslogs-group\"]");
    }

    @Test
    void theRootRendersAsRequestAndItsFirstFieldHasNoLeadingDot() {
        assertThat(FieldPath.root()).hasToString("request");
        assertThat(FieldPath.root().isRoot()).isTrue();
        assertThat(FieldPath.root().field("family")).hasToString("family");
        assertThat(FieldPath.root().field("family").isRoot()).isFalse();
    }

    @Test
    void indexesAndKeysChainWithoutDots() {
        assertThat(FieldPath.of("tags").index(3).index(4)).hasToString("tags[3][4]");
        assertThat(FieldPath.of("dockerLabels").key("a.b").field("x")).hasToString("dockerLabels[\"a.b\"].x");
    }

    @Test
    void pathsAreImmutableSoABaseCanBeShared() {
        FieldPath base = FieldPath.of("volumes").index(2);

        base.field("name");
        base.field("host").field("sourcePath");

        assertThat(base).hasToString("volumes[2]");
        assertThat(base.field("name")).hasToString("volumes[2].name");
    }
}
