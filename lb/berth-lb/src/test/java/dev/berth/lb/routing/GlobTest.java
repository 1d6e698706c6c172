package dev.berth.lb.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GlobTest {
    @Test
    void agreesWithARegexOverRandomPatternsAndTexts() {
        SplittableRandom random = new SplittableRandom(20240611);
        for (int round = 0; round < 20_000; round++) {
            String pattern = randomString(random, "ab*?A.", 8);
            String text = randomString(random, "abAB.", 12);
            boolean ignoreCase = random.nextBoolean();

            assertThat(Glob.compile(pattern, ignoreCase, false).matches(text))
                    .as("pattern '%s' text '%s' ignoreCase %s", pattern, text, ignoreCase)
                    .isEqualTo(reference(pattern, ignoreCase, false).matcher(text).matches());
        }
    }

    @Test
    void agreesWithARegexWhenEscapesAreOn() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 20_000; round++) {
            String pattern = randomString(random, "a*?\\", 8);
            String text = randomString(random, "a*?\\", 10);

            assertThat(Glob.compile(pattern, true, true).matches(text))
                    .as("pattern '%s' text '%s'", pattern, text)
                    .isEqualTo(reference(pattern, true, true).matcher(text).matches());
        }
    }

    @Test
    void matchesARangeOfTheText() {
        Glob glob = Glob.compile("b*d", false, false);

        assertThat(glob.matches("abcde", 1, 4)).isTrue();
        assertThat(glob.matches("abcde", 1, 5)).isFalse();
    }

    @Test
    void manyStarsAgainstALongTextStayFast() {
        Glob glob = Glob.compile("*a*a*a*a*a*a*a*a*a*a*b", true, false);

        // A backtracking regex takes exponential time on this; the scan answers at once.
        assertThat(glob.matches("a".repeat(10_000))).isFalse();
    }

    /** The obvious translation: quote every literal, {@code .*} and {@code .} for the wildcards. */
    private static Pattern reference(String glob, boolean ignoreCase, boolean escapes) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (escapes && c == '\\' && i + 1 < glob.length() && (glob.charAt(i + 1) == '*' || glob.charAt(i + 1) == '?')) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(regex.toString(), flags);
    }

    private static String randomString(SplittableRandom random, String alphabet, int maxLength) {
        char[] chars = new char[random.nextInt(maxLength + 1)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(chars);
    }
}
