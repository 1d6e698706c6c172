package dev.berth.scheduler.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How expressions are grouped, the spellings the language accepts, and the errors it reports. */
class ExpressionParsingTest {

    private static String grouped(String text) {
        return Expression.parse(text).toString();
    }

    private static QueryException refused(String text) {
        try {
            Expression.parse(text);
        } catch (QueryException refused) {
            return refused;
        }
        throw new AssertionError("parsed: " + text);
    }

    @Test
    void andBindsTighterThanOr() {
        assertThat(grouped("attribute:a == 1 or attribute:b == 2 and attribute:c == 3"))
                .isEqualTo("(attribute:a == 1 or (attribute:b == 2 and attribute:c == 3))");
        assertThat(grouped("attribute:a == 1 and attribute:b == 2 or attribute:c == 3"))
                .isEqualTo("((attribute:a == 1 and attribute:b == 2) or attribute:c == 3)");
    }

    @Test
    void notBindsTighterThanAnd() {
        assertThat(grouped("not attribute:a exists and attribute:b exists")).isEqualTo("(not attribute:a exists and attribute:b exists)");
        assertThat(grouped("!attribute:a exists || attribute:b exists")).isEqualTo("(not attribute:a exists or attribute:b exists)");
    }

    @Test
    void parenthesesGroup() {
        assertThat(grouped("(attribute:a == 1 or attribute:b == 2) and attribute:c == 3"))
                .isEqualTo("((attribute:a == 1 or attribute:b == 2) and attribute:c == 3)");
        assertThat(grouped("not(task:group == database)")).isEqualTo("not task:group == database");
        assertThat(grouped("not (attribute:a == 1 and attribute:b == 2)")).isEqualTo("not (attribute:a == 1 and attribute:b == 2)");
    }

    @Test
    void chainsGroupToTheLeft() {
        assertThat(grouped("attribute:a exists && attribute:b exists && attribute:c exists"))
                .isEqualTo("((attribute:a exists and attribute:b exists) and attribute:c exists)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "attribute:x equals 1             | attribute:x == 1",
        "attribute:x not_equals 1         | attribute:x != 1",
        "attribute:x greater_than 1       | attribute:x > 1",
        "attribute:x greater_than_equal 1 | attribute:x >= 1",
        "attribute:x less_than 1          | attribute:x < 1",
        "attribute:x less_than_equal 1    | attribute:x <= 1",
        "attribute:x not_exists           | attribute:x !exists",
        "attribute:x !exists              | attribute:x !exists",
        "attribute:x exists               | attribute:x exists",
        "attribute:x not_in [1]           | attribute:x !in [1]",
        "attribute:x !in [1, 2]           | attribute:x !in [1, 2]",
        "attribute:x in [1,2,3]           | attribute:x in [1, 2, 3]",
        "attribute:x matches a.*          | attribute:x =~ a.*",
        "attribute:x not_matches a.*      | attribute:x !~ a.*",
        "attribute:x NOT_IN [1]           | attribute:x !in [1]",
        "attribute:x==1                   | attribute:x == 1",
        "attribute:x>=1                   | attribute:x >= 1",
        "attribute:x in[a,b]              | attribute:x in [a, b]",
    })
    void everyOperatorHasItsSymbolAndItsWord(String text, String expected) {
        assertThat(grouped(text)).isEqualTo(expected);
    }

    @Test
    void keywordsIgnoreCase() {
        assertThat(grouped("NOT attribute:a exists AND attribute:b exists Or attribute:c exists"))
                .isEqualTo("((not attribute:a exists and attribute:b exists) or attribute:c exists)");
    }

    @Test
    void valuesMayBeQuotedAndKeepWhatIsInTheQuotes() {
        assertThat(grouped("ec2InstanceId in ['i-abcd1234', \"i-wxyx7890\"]")).isEqualTo("ec2InstanceId in [i-abcd1234, i-wxyx7890]");
        assertThat(grouped("attribute:motto == 'and or not (x)'")).isEqualTo("attribute:motto == and or not (x)");
        assertThat(grouped("attribute:empty == ''")).isEqualTo("attribute:empty == ");
    }

    @Test
    void unquotedValuesMayHoldColonsSlashesAndWildcards() {
        assertThat(grouped("task:group == service:production")).isEqualTo("task:group == service:production");
        assertThat(grouped("attribute:path == a/b\\c@d.e_f-g*")).isEqualTo("attribute:path == a/b\\c@d.e_f-g*");
    }

    @Test
    void unquotedPatternsMayHoldBalancedParenthesesAndClasses() {
        assertThat(grouped("not(attribute:t =~ (t2|t3)\\.[a-z )]+)")).isEqualTo("not attribute:t =~ (t2|t3)\\.[a-z )]+");
        assertThat(grouped("attribute:t =~ a\\)b and attribute:u exists")).isEqualTo("(attribute:t =~ a\\)b and attribute:u exists)");
    }

    @Test
    void everySubjectTheGuideListsParses() {
        assertThat(grouped("agentConnected == false")).isEqualTo("agentConnected == false");
        assertThat(grouped("agentVersion < 1.14.5")).isEqualTo("agentVersion < 1.14.5");
        assertThat(grouped("ec2InstanceId =~ i-0.*")).isEqualTo("ec2InstanceId =~ i-0.*");
        assertThat(grouped("registeredAt >= 2018-06-18T22:28:28+00:00")).isEqualTo("registeredAt >= 2018-06-18T22:28:28+00:00");
        assertThat(grouped("runningTasksCount != 0")).isEqualTo("runningTasksCount != 0");
        assertThat(grouped("pendingTasksCount <= 3")).isEqualTo("pendingTasksCount <= 3");
        assertThat(grouped("task:group exists")).isEqualTo("task:group exists");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                                | 1  | expected a subject",
        "\"   \"                             | 4  | found the end of the expression",
        "foo == bar                        | 1  | unknown subject 'foo'",
        "attribute: == bar                 | 1  | unknown subject 'attribute:'",
        "attribute:stack = prod            | 17 | expected an operator",
        "attribute:stack                   | 16 | expected an operator",
        "attribute:stack is prod           | 17 | found 'is'",
        "attribute:a == b and              | 21 | expected a subject",
        "not                               | 4  | expected a subject",
        "attribute:a == b c                | 18 | unexpected 'c' after a complete expression",
        "(attribute:a == b                 | 18 | expected ')' to close the '(' at position 1",
        "attribute:a in x                  | 16 | expected '[' to start the list",
        "attribute:a in [x, y              | 21 | expected ',' or ']'",
        "attribute:a in [x y]              | 19 | expected ',' or ']' in the list of values, found 'y'",
        "attribute:a in []                 | 17 | expected a value in the list, found ']'",
        "attribute:a ==                    | 15 | expected a value after '=='",
        "attribute:a == 'abc               | 16 | the quoted value is not closed",
        "attribute:a =~ 'a(b'              | 20 | invalid regular expression 'a(b'",
        "attribute:a =~ *                  | 16 | invalid regular expression '*'",
        "runningTasksCount in [1]          | 19 | operator 'in' cannot be used with runningTasksCount",
        "runningTasksCount > many          | 21 | 'many' is not a whole number",
        "runningTasksCount > 1.5           | 21 | '1.5' is not a whole number",
        "registeredAt < yesterday          | 16 | 'yesterday' is not a date",
        "agentConnected exists             | 16 | operator 'exists' cannot be used with agentConnected",
        "ec2InstanceId > i-1               | 15 | operator '>' cannot be used with ec2InstanceId",
        "agentVersion =~ 1.*               | 14 | use one of ==, !=, >, >=, <, <=",
    })
    void errorsSayWhatIsWrongAndWhere(String text, int position, String problem) {
        QueryException error = refused(text);

        assertThat(error.position()).isEqualTo(position);
        assertThat(error.problem()).contains(problem);
        assertThat(error.getMessage()).startsWith("Invalid expression at position " + position + ": ");
    }

    @Test
    void nestingIsBounded() {
        String deep = "(".repeat(150) + "attribute:a exists" + ")".repeat(150);
        String fine = "(".repeat(90) + "attribute:a exists" + ")".repeat(90);

        assertThat(refused(deep).problem()).contains("nested more than 100 levels");
        assertThat(grouped(fine)).isEqualTo("attribute:a exists");
    }

    @Test
    void nullIsNotAnExpression() {
        assertThatThrownBy(() -> Expression.parse(null)).isInstanceOf(NullPointerException.class);
    }
}
