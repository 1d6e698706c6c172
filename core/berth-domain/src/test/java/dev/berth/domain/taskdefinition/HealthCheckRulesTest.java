package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.TaskDefinitions.accepted;
import static dev.berth.domain.taskdefinition.TaskDefinitions.at;
import static dev.berth.domain.taskdefinition.TaskDefinitions.parse;
import static dev.berth.domain.taskdefinition.TaskDefinitions.refusedAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A container's health check: the command form and the ECS ranges of its timings. */
class HealthCheckRulesTest {

    private static ObjectNode webAppWithHealthCheck(String field, int value) {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1/healthCheck").put(field, value);
        return request;
    }

    @ParameterizedTest(name = "{0} accepts {1} and {2}")
    @CsvSource({"interval, 5, 300", "timeout, 2, 60", "retries, 1, 10", "startPeriod, 0, 300"})
    void eachTimingAcceptsBothEndsOfItsRange(String field, int lowest, int highest) {
        for (int value : new int[] {lowest, highest}) {
            ObjectNode definition = accepted(webAppWithHealthCheck(field, value)).definition();

            assertThat(definition.at("/containerDefinitions/1/healthCheck/" + field).asInt()).isEqualTo(value);
        }
    }

    @ParameterizedTest(name = "{0} refuses {1} and {2}")
    @CsvSource({"interval, 4, 301", "timeout, 1, 61", "retries, 0, 11", "startPeriod, -1, 301"})
    void eachTimingRefusesOnePastEitherEndNamingTheField(String field, int belowLowest, int aboveHighest) {
        for (int value : new int[] {belowLowest, aboveHighest}) {
            String message = refusedAt(webAppWithHealthCheck(field, value), "containerDefinitions[1].healthCheck." + field);

            assertThat(message).endsWith("got " + value + ".");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHELL", "cmd", "cmd-shell", "", "/bin/sh"})
    void aCommandThatDoesNotStartWithCmdOrCmdShellIsRefusedNamingItsFirstElement(String kind) {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1/healthCheck").set("command", parse("[\"" + kind + "\", \"true\"]"));

        assertThat(refusedAt(request, "containerDefinitions[1].healthCheck.command[0]")).contains("'" + kind + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[\"CMD\"]", "[\"CMD-SHELL\"]"})
    void aCommandWithNothingToRunIsRefused(String command) {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1/healthCheck").set("command", parse(command));

        refusedAt(request, "containerDefinitions[1].healthCheck.command");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"CMD\", \"/bin/healthcheck\", \"--quiet\"]", "[\"CMD-SHELL\", \"curl -f localhost || exit 1\"]"})
    void execAndShellFormsAreAccepted(String command) {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1/healthCheck").set("command", parse(command));

        assertThat(accepted(request).definition().at("/containerDefinitions/1/healthCheck/command")).isEqualTo(parse(command));
    }
}
