package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.TaskDefinitions.accepted;
import static dev.berth.domain.taskdefinition.TaskDefinitions.at;
import static dev.berth.domain.taskdefinition.TaskDefinitions.bridge;
import static dev.berth.domain.taskdefinition.TaskDefinitions.container;
import static dev.berth.domain.taskdefinition.TaskDefinitions.parse;
import static dev.berth.domain.taskdefinition.TaskDefinitions.refusedAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** dependsOn: targets that exist, conditions that fit them, and no cycles. */
class DependencyRulesTest {

    private static void dependsOn(ObjectNode request, int container, String dependencies) {
        at(request, "/containerDefinitions/" + container).set("dependsOn", parse(dependencies));
    }

    @Test
    void aDependencyOnAContainerThatIsNotInTheTaskIsRefusedNamingIt() {
        ObjectNode request = bridge(container("web"), container("app"));
        dependsOn(request, 0, "[{\"containerName\": \"app\", \"condition\": \"START\"}, {\"containerName\": \"db\", \"condition\": \"START\"}]");

        assertThat(refusedAt(request, "containerDefinitions[0].dependsOn[1].containerName")).contains("'db'");
    }

    @Test
    void aContainerThatDependsOnItselfIsRefused() {
        ObjectNode request = bridge(container("web"), container("app"));
        dependsOn(request, 1, "[{\"containerName\": \"app\", \"condition\": \"START\"}]");

        assertThat(refusedAt(request, "containerDefinitions[1].dependsOn[0].containerName")).contains("itself");
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMPLETE", "SUCCESS"})
    void waitingForAnEssentialContainerToExitIsRefused(String condition) {
        ObjectNode request = bridge(container("web"), container("migrate"));
        dependsOn(request, 0, "[{\"containerName\": \"migrate\", \"condition\": \"" + condition + "\"}]");

        assertThat(refusedAt(request, "containerDefinitions[0].dependsOn[0].condition"))
                .contains(condition).contains("'migrate'").contains("essential");
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMPLETE", "SUCCESS"})
    void waitingForANonEssentialContainerToExitIsAccepted(String condition) {
        ObjectNode request = bridge(container("web"), container("migrate"));
        at(request, "/containerDefinitions/1").put("essential", false);
        dependsOn(request, 0, "[{\"containerName\": \"migrate\", \"condition\": \"" + condition + "\"}]");

        accepted(request);
    }

    @Test
    void waitingForAContainerWithoutHealthCheckToBeHealthyIsRefused() {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1").remove("healthCheck");

        assertThat(refusedAt(request, "containerDefinitions[0].dependsOn[0].condition")).contains("HEALTHY").contains("'app'");
    }

    @Test
    void aDependencyWithoutConditionIsRefused() {
        ObjectNode request = bridge(container("web"), container("app"));
        dependsOn(request, 0, "[{\"containerName\": \"app\"}]");

        refusedAt(request, "containerDefinitions[0].dependsOn[0].condition");
    }

    @Test
    void aDependsOnCycleOfThreeContainersIsRefusedNamingTheContainersInOrder() {
        ObjectNode request = bridge(container("web"), container("app"), container("cache"));
        dependsOn(request, 0, "[{\"containerName\": \"app\", \"condition\": \"START\"}]");
        dependsOn(request, 1, "[{\"containerName\": \"cache\", \"condition\": \"START\"}]");
        dependsOn(request, 2, "[{\"containerName\": \"web\", \"condition\": \"START\"}]");

        assertThat(refusedAt(request, "containerDefinitions")).contains("cycle").contains("web -> app -> cache -> web");
    }

    @Test
    void aCycleReportsOnlyTheContainersInTheCycleNotThoseLeadingToIt() {
        ObjectNode request = bridge(container("web"), container("app"), container("cache"));
        dependsOn(request, 0, "[{\"containerName\": \"app\", \"condition\": \"START\"}]");
        dependsOn(request, 1, "[{\"containerName\": \"cache\", \"condition\": \"START\"}]");
        dependsOn(request, 2, "[{\"containerName\": \"app\", \"condition\": \"START\"}]");

        String message = refusedAt(request, "containerDefinitions");
        assertThat(message).contains(": app -> cache -> app;").doesNotContain("web");
    }

    @Test
    void sharedDependenciesThatFormNoCycleAreAccepted() {
        ObjectNode request = bridge(container("web"), container("api"), container("worker"), container("db"));
        dependsOn(request, 0, "[{\"containerName\": \"api\", \"condition\": \"START\"}, {\"containerName\": \"worker\", \"condition\": \"START\"}]");
        dependsOn(request, 1, "[{\"containerName\": \"db\", \"condition\": \"START\"}]");
        dependsOn(request, 2, "[{\"containerName\": \"db\", \"condition\": \"START\"}, {\"containerName\": \"api\", \"condition\": \"START\"}]");

        assertThat(accepted(request).definition().at("/containerDefinitions/2/dependsOn")).hasSize(2);
    }
}
