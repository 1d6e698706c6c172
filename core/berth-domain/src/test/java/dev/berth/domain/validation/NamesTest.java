package dev.berth.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.berth.domain.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ECS name rule and the abbreviation of quoted input in messages. */
class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "web-app_2", "-", "_"})
    void lettersDigitsHyphensAndUnderscoresAreNames(String name) {
        assertThat(Names.isValid(name)).isTrue();
        assertThat(Names.require("cluster", name)).isEqualTo(name);
    }

    @Test
    void aNameMayHave255CharactersButNot256() {
        assertThat(Names.isValid("n".repeat(255))).isTrue();
        assertThat(Names.isValid("n".repeat(256))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a.b", "a:b", "a/b", "é", "a\n"})
    void otherCharactersAreRefusedQuotingTheName(String name) {
        assertThat(Names.isValid(name)).isFalse();
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> Names.require("serviceName", name))
                .satisfies(e -> assertThat(e.code().type()).isEqualTo("ClientException"))
                .withMessage("serviceName must be 1 to 255 letters, numbers, hyphens or underscores; got '" + name + "'.");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void aMissingOrEmptyNameIsRefusedAsEmpty(String name) {
        assertThat(Names.isValid(name)).isFalse();
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> Names.require("family", name))
                .withMessage("family must not be empty.");
    }

    @Test
    void messagesQuoteAtMost80CharactersOfWhatWasSent() {
        assertThat(Messages.abbreviate("x".repeat(80))).isEqualTo("x".repeat(80));
        assertThat(Messages.abbreviate("x".repeat(81))).isEqualTo("x".repeat(80) + "…");
        assertThat(Messages.abbreviate(null)).isEqualTo("null");
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> Names.require("family", "é".repeat(10_000)))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }
}
