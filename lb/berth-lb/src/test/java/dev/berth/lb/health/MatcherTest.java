package dev.berth.lb.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MatcherTest {
    @Test
    void aSingleCode() {
        Matcher matcher = Matcher.parse("200");

        assertThat(matcher.matches(200)).isTrue();
        assertThat(matcher.matches(201)).isFalse();
    }

    @Test
    void aListARangeAndBoth() {
        assertThat(Matcher.parse("200,202").matches(202)).isTrue();
        assertThat(Matcher.parse("200,202").matches(201)).isFalse();
        assertThat(Matcher.parse("200-299").matches(204)).isTrue();
        assertThat(Matcher.parse("200-299").matches(300)).isFalse();
        Matcher both = Matcher.parse("200, 301-302,404");
        assertThat(List.of(200, 301, 302, 404)).allMatch(both::matches);
        assertThat(List.of(201, 300, 303, 500, -1, 0)).noneMatch(both::matches);
    }

    @Test
    void equalCodeSetsAreEqual() {
        assertThat(Matcher.parse("200-202")).isEqualTo(Matcher.parse("200,201,202"));
        assertThat(Matcher.parse("200")).isNotEqualTo(Matcher.parse("201"));
    }

    @Test
    void badSyntaxIsRejectedWithTheReason() {
        assertThatThrownBy(() -> Matcher.parse("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Matcher.parse("200,")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty entry");
        assertThatThrownBy(() -> Matcher.parse("2xx")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'2xx'");
        assertThatThrownBy(() -> Matcher.parse("200-")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Matcher.parse("200-299-300")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Matcher.parse("299-200")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends before it starts");
    }

    @Test
    void codesOutside200To499AreRejected() {
        for (String bad : List.of("199", "500", "200-500", "100-200")) {
            assertThatThrownBy(() -> Matcher.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("between 200 and 499");
        }
    }
}
