package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.TaskDefinitions.accepted;
import static dev.berth.domain.taskdefinition.TaskDefinitions.at;
import static dev.berth.domain.taskdefinition.TaskDefinitions.container;
import static dev.berth.domain.taskdefinition.TaskDefinitions.parse;
import static dev.berth.domain.taskdefinition.TaskDefinitions.refusedAt;
import static dev.berth.domain.taskdefinition.TaskDefinitions.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What requiresCompatibilities FARGATE adds to the rules, and when a task fits Fargate anyway. */
class FargateRulesTest {

    private static ObjectNode fargate(String cpu, String memory) {
        ObjectNode request = task("{\"networkMode\": \"awsvpc\", \"requiresCompatibilities\": [\"FARGATE\"]}",
                container("app"));
        if (cpu != null) {
            request.put("cpu", cpu);
        }
        if (memory != null) {
            request.put("memory", memory);
        }
        return request;
    }

    @Test
    void theSmallestFargateSizeIsAcceptedAndListsFargateAmongItsCompatibilities() {
        ObjectNode definition = accepted(fargate("256", "512")).definition();

        assertThat(definition.get("compatibilities")).isEqualTo(parse("[\"EC2\", \"FARGATE\"]"));
        assertThat(definition.get("requiresCompatibilities")).isEqualTo(parse("[\"FARGATE\"]"));
        assertThat(definition.get("cpu").asText()).isEqualTo("256");
        assertThat(definition.get("memory").asText()).isEqualTo("512");
    }

    @Test
    void fargateSizesGivenInVcpuAndGbAreNormalisedBeforeTheyAreChecked() {
        ObjectNode definition = accepted(fargate("0.5 vCPU", "1 GB")).definition();

        assertThat(definition.get("cpu").asText()).isEqualTo("512");
        assertThat(definition.get("memory").asText()).isEqualTo("1024");
    }

    @Test
    void anUnsupportedCpuAndMemoryCombinationIsRefused() {
        String message = refusedAt(fargate("512", "512"), "cpu");

        assertThat(message).contains("No Fargate configuration").contains("cpu 512, memory 512");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bridge", "host", "none"})
    void fargateNeedsAwsvpc(String networkMode) {
        ObjectNode request = fargate("256", "512");
        request.put("networkMode", networkMode);

        assertThat(refusedAt(request, "networkMode")).contains("'" + networkMode + "'");
    }

    @Test
    void fargateWithoutANetworkModeIsRefusedAsBridge() {
        ObjectNode request = fargate("256", "512");
        request.remove("networkMode");

        assertThat(refusedAt(request, "networkMode")).contains("'bridge'");
    }

    @Test
    void fargateNeedsTaskCpuAndTaskMemory() {
        assertThat(refusedAt(fargate(null, "512"), "cpu")).contains("required");
        assertThat(refusedAt(fargate("256", null), "memory")).contains("required");
    }

    @Test
    void aPrivilegedContainerIsRefusedOnFargate() {
        ObjectNode request = fargate("256", "512");
        at(request, "/containerDefinitions/0").put("privileged", true);
        refusedAt(request, "containerDefinitions[0].privileged");

        at(request, "/containerDefinitions/0").put("privileged", false);
        accepted(request);
    }

    @Test
    void containerTimeoutsMustBeBetween2And120SecondsOnFargate() {
        ObjectNode request = fargate("256", "512");
        for (String field : new String[] {"startTimeout", "stopTimeout"}) {
            for (int seconds : new int[] {2, 120}) {
                at(request, "/containerDefinitions/0").put(field, seconds);
                accepted(request);
            }
            for (int seconds : new int[] {1, 121}) {
                at(request, "/containerDefinitions/0").put(field, seconds);
                refusedAt(request, "containerDefinitions[0]." + field);
            }
            at(request, "/containerDefinitions/0").remove(field);
        }
    }

    @Test
    void pidModeHostAndAnyIpcModeAreRefusedOnFargate() {
        ObjectNode request = fargate("256", "512");
        request.put("pidMode", "task");
        accepted(request);

        request.put("pidMode", "host");
        refusedAt(request, "pidMode");

        request.remove("pidMode");
        request.put("ipcMode", "task");
        refusedAt(request, "ipcMode");
    }

    @Test
    void placementConstraintsAreRefusedOnFargate() {
        ObjectNode request = fargate("256", "512");
        request.set("placementConstraints", parse("[{\"type\": \"memberOf\", \"expression\": \"attribute:a == b\"}]"));

        refusedAt(request, "placementConstraints");
    }

    @Test
    void hostPathAndDockerVolumesAreRefusedOnFargateButTaskScopedVolumesAreAccepted() {
        ObjectNode request = fargate("256", "512");
        request.set("volumes", parse("[{\"name\": \"scratch\"}, {\"name\": \"host\", \"host\": {\"sourcePath\": \"/srv\"}}]"));
        refusedAt(request, "volumes[1].host.sourcePath");

        request.set("volumes", parse("[{\"name\": \"scratch\"}, {\"name\": \"docker\", \"dockerVolumeConfiguration\": {\"scope\": \"task\"}}]"));
        refusedAt(request, "volumes[1].dockerVolumeConfiguration");

        request.set("volumes", parse("[{\"name\": \"scratch\"}, {\"name\": \"empty\", \"host\": {}}]"));
        accepted(request);
    }

    @Test
    void fargateSkipsTheEc2TaskCpuRangeButStillNeedsASupportedSize() {
        ObjectNode request = fargate("16 vCPU", "120 GB");
        assertThat(accepted(request).definition().get("memory").asText()).isEqualTo("122880");

        request.put("cpu", "32 vCPU");
        refusedAt(request, "cpu");
    }

    @Test
    void anAwsvpcTaskThatNamesNoCompatibilityButFitsFargateListsFargate() {
        ObjectNode request = task("{\"networkMode\": \"awsvpc\", \"cpu\": \"1024\", \"memory\": \"2048\"}", container("app"));

        assertThat(accepted(request).definition().get("compatibilities")).isEqualTo(parse("[\"EC2\", \"FARGATE\"]"));

        request.put("memory", "1536");
        assertThat(accepted(request).definition().get("compatibilities")).isEqualTo(parse("[\"EC2\"]"));
    }

    @Test
    void anEc2OnlyTaskThatFitsFargateStillListsFargateAsCompatible() {
        ObjectNode request = task("{\"networkMode\": \"awsvpc\", \"cpu\": \"256\", \"memory\": \"512\", "
                + "\"requiresCompatibilities\": [\"EC2\"]}", container("app"));

        assertThat(accepted(request).definition().get("compatibilities")).isEqualTo(parse("[\"EC2\", \"FARGATE\"]"));
    }
}
