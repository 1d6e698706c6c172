package dev.berth.scheduler.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scheduler.cluster.Instance;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each operator means on an instance, including for subjects the instance lacks. */
class ExpressionMatchingTest {

    /** A t2.small in us-east-1a with a value-less attribute, a numeric one, and two task groups. */
    private static final Instance T2 = new Instance("ci-1",
            Map.of("ecs.instance-type", "t2.small", "ecs.availability-zone", "us-east-1a", "gpu", "", "slots", "12",
                    "stack", "prod"),
            Map.of("ec2InstanceId", "i-abcd1234", "registeredAt", "2018-06-18T22:28:28Z", "runningTasksCount", "3",
                    "pendingTasksCount", "0", "agentConnected", "true", "agentVersion", "1.14.5"),
            1024, 2048, Set.of(), Map.of("service:production", 2, "family:web", 1, "service:gone", 0));

    private static boolean matches(String expression) {
        return Expression.parse(expression).matches(T2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "attribute:ecs.instance-type == t2.small                         | true",
        "attribute:ecs.instance-type == t2.medium                        | false",
        "attribute:ecs.instance-type != t2.medium                        | true",
        "attribute:ecs.instance-type == t2.*                             | true",
        "attribute:ecs.instance-type == *.small                          | true",
        "attribute:ecs.instance-type == t*.s*l                           | true",
        "attribute:ecs.instance-type == t2.*l.*                          | false",
        "attribute:ecs.instance-type == T2.SMALL                         | false",
        "attribute:ecs.instance-type != t2.*                             | false",
        "attribute:ecs.instance-type =~ t2.*                             | true",
        "attribute:ecs.instance-type =~ t2                               | false",
        "attribute:ecs.instance-type !~ g2.*                             | true",
        "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]     | true",
        "attribute:ecs.availability-zone in [us-east-1b, us-east-1c]     | false",
        "attribute:ecs.availability-zone in [us-west-*, us-east-*]       | true",
        "attribute:ecs.availability-zone not_in [us-east-1b]             | true",
        "attribute:ecs.availability-zone !in [us-east-1a]                | false",
        "attribute:gpu exists                                            | true",
        "attribute:gpu == ''                                             | true",
        "attribute:gpu !exists                                           | false",
        "attribute:stack exists                                          | true",
        "attribute:missing exists                                        | false",
        "attribute:missing !exists                                       | true",
        "attribute:missing not_exists                                    | true",
    })
    void attributes(String expression, boolean expected) {
        assertThat(matches(expression)).isEqualTo(expected);
    }

    @Test
    void patternsAreJavaRegularExpressionsOverTheWholeValue() {
        assertThat(matches("attribute:ecs.instance-type =~ '(t2|t3)\\.(micro|small)'")).isTrue();
        assertThat(matches("attribute:ecs.instance-type =~ (t2|t3)\\.(micro|small)")).isTrue();
        assertThat(matches("attribute:ecs.instance-type =~ small")).isFalse();
        assertThat(matches("attribute:ecs.instance-type =~ .*small")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "attribute:missing == x        | false",
        "attribute:missing != x        | false",
        "attribute:missing in [x]      | false",
        "attribute:missing not_in [x]  | false",
        "attribute:missing =~ .*       | false",
        "attribute:missing !~ x        | false",
        "attribute:missing < z         | false",
        "not(attribute:missing == x)   | true",
        "not attribute:stack == prod   | false",
        "attribute:stack != prod       | false",
    })
    void aMissingSubjectSatisfiesOnlyNotExists(String expression, boolean expected) {
        assertThat(matches(expression)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "attribute:slots > 9         | true",
        "attribute:slots >= 12       | true",
        "attribute:slots > 12        | false",
        "attribute:slots < 100       | true",
        "attribute:slots <= 11       | false",
        "attribute:slots == 12.0     | true",
        "attribute:slots != 12.0     | false",
        "attribute:slots > 9.5       | true",
        "attribute:stack > abc       | true",
        "attribute:stack < prod      | false",
        "attribute:stack <= prod     | true",
        "attribute:stack > 5         | true",
    })
    void orderingIsNumericWhenBothSidesAreNumbersElseByString(String expression, boolean expected) {
        assertThat(matches(expression)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "runningTasksCount == 3                          | true",
        "runningTasksCount != 3                          | false",
        "runningTasksCount > 2                           | true",
        "runningTasksCount >= 4                          | false",
        "runningTasksCount < 10                          | true",
        "runningTasksCount <= 2                          | false",
        "pendingTasksCount == 0                          | true",
        "agentVersion < 1.14.10                          | true",
        "agentVersion > 1.9.0                            | true",
        "agentVersion == 1.14.5                          | true",
        "agentVersion >= 1.14.5.1                        | false",
        "agentVersion <= 1.14                            | false",
        "registeredAt < 2018-06-19                       | true",
        "registeredAt > 2018-06-18                       | true",
        "registeredAt == 2018-06-18T22:28:28+00:00       | true",
        "registeredAt == 2018-06-18T22:28:28             | true",
        "registeredAt > 2018-06-18T23:28:28+02:00        | true",
        "registeredAt >= 2018-06-18T22:28:29Z            | false",
        "ec2InstanceId == i-abcd1234                     | true",
        "ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']   | true",
        "ec2InstanceId not_in ['i-wxyx7890']             | true",
        "ec2InstanceId =~ i-[a-f0-9]{8}                  | true",
        "ec2InstanceId !~ i-.*                           | false",
        "agentConnected == true                          | true",
        "agentConnected != true                          | false",
        "agentConnected in [false]                       | false",
    })
    void fields(String expression, boolean expected) {
        assertThat(matches(expression)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "task:group == service:production          | true",
        "task:group == service:*                   | true",
        "task:group == database                    | false",
        "task:group == service:gone                | false",
        "not(task:group == database)               | true",
        "not(task:group == family:web)             | false",
        "task:group in [database, family:web]      | true",
        "task:group =~ family:.*                   | true",
        "task:group != service:production          | true",
        "task:group exists                         | true",
        "task:group !exists                        | false",
    })
    void taskGroupHoldsWhenAnyGroupWithATaskDoes(String expression, boolean expected) {
        assertThat(matches(expression)).isEqualTo(expected);
    }

    @Test
    void anInstanceWithoutTasksHasNoTaskGroup() {
        Instance empty = Instance.of("ci-2", 1, 1);

        assertThat(Expression.parse("task:group !exists").matches(empty)).isTrue();
        assertThat(Expression.parse("task:group != database").matches(empty)).isFalse();
        assertThat(Expression.parse("not(task:group == database)").matches(empty)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "attribute:stack == prod and attribute:gpu exists                               | true",
        "attribute:stack == prod and attribute:missing exists                           | false",
        "attribute:stack == dev or attribute:gpu exists                                 | true",
        "attribute:stack == dev or attribute:missing exists                             | false",
        "attribute:stack == dev or attribute:gpu exists and attribute:missing exists    | false",
        "(attribute:stack == dev or attribute:gpu exists) and attribute:missing exists  | false",
        "attribute:stack == prod or attribute:gpu exists and attribute:missing exists   | true",
        "(attribute:stack == prod or attribute:gpu exists) and attribute:missing exists | false",
        "not attribute:missing exists and attribute:stack == prod                       | true",
        "not (attribute:missing exists or attribute:stack == prod)                      | false",
        "!!attribute:stack exists                                                       | true",
        "attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone != us-east-1d | true",
    })
    void compoundExpressions(String expression, boolean expected) {
        assertThat(matches(expression)).isEqualTo(expected);
    }

    @Test
    void unreadableFieldValuesAreNeverEqualNorOrdered() {
        Instance odd = new Instance("ci-3", Map.of(), Map.of("runningTasksCount", "many", "registeredAt", "last week"), 1, 1, Set.of(), Map.of());

        assertThat(Expression.parse("runningTasksCount >= 0").matches(odd)).isFalse();
        assertThat(Expression.parse("runningTasksCount == 0").matches(odd)).isFalse();
        assertThat(Expression.parse("registeredAt < 2100-01-01").matches(odd)).isFalse();
        assertThat(Expression.parse("registeredAt != 2100-01-01").matches(odd)).isTrue();
    }
}
