package dev.berth.agent.core;

import static dev.berth.agent.core.Definitions.WEB_PREFIX;
import static dev.berth.agent.core.Definitions.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.runtime.ContainerSpec;
import dev.berth.agent.runtime.ContainerSpec.Mount;
import dev.berth.agent.runtime.ContainerSpec.PortBinding;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Task-level planning: engine names, labels, network modes, volumes and shared namespaces. */
class TaskPlansTest {
    private static final String TWO_CONTAINERS = """
            {"family": "web", "revision": 7, "networkMode": "bridge",
             "containerDefinitions": [
               {"name": "app", "image": "app:1", "dockerLabels": {"team": "payments", "berth.task": "spoofed"},
                "portMappings": [{"containerPort": 8080}, {"containerPort": 8443, "hostPort": 0},
                                 {"containerPort": 9090, "hostPort": 9090, "protocol": "udp"}]},
               {"name": "proxy", "image": "nginx:1", "links": ["app:backend", "app"],
                "volumesFrom": [{"sourceContainer": "app", "readOnly": true}, {"sourceContainer": "app"}]}]}
            """;

    @Test
    void planningTheSameTaskTwiceGivesEqualPlansSoARestartedAgentFindsWhatItCreated() {
        assertThat(plan(TWO_CONTAINERS)).isEqualTo(plan(TWO_CONTAINERS));
    }

    @Test
    void engineNamesAreTheFamilyAndTheFirstTwelveCharactersOfTheTaskIdThenTheContainerName() {
        TaskPlan plan = plan(TWO_CONTAINERS);

        assertThat(plan.containers()).extracting(c -> c.spec().name())
                .containsExactly(WEB_PREFIX + "-app", WEB_PREFIX + "-proxy");
        assertThat(plan.taskId()).isEqualTo(Definitions.TASK_ID);
    }

    @Test
    void aLongFamilyIsCutToFortyCharactersInEngineNames() {
        String family = "f".repeat(60);
        TaskPlan plan = plan("""
                {"family": "%s", "containerDefinitions": [{"name": "app", "image": "app:1"}]}
                """.formatted(family));

        assertThat(plan.containers().getFirst().spec().name()).isEqualTo("berth-" + "f".repeat(40) + "-0123456789ab-app");
    }

    @Test
    void everyContainerCarriesTheAgentsLabelsOverItsDockerLabels() {
        Map<String, String> labels = plan(TWO_CONTAINERS).containers().getFirst().spec().labels();

        assertThat(labels).containsEntry(Labels.CLUSTER, Definitions.CLUSTER)
                .containsEntry(Labels.INSTANCE, Definitions.INSTANCE)
                .containsEntry(Labels.TASK, Definitions.TASK_ID)
                .containsEntry(Labels.CONTAINER, "app")
                .containsEntry(Labels.TASK_DEFINITION, "web:7")
                .containsEntry("team", "payments");
    }

    @Test
    void bridgePortsWithoutAHostPortOrWithZeroAreDynamicAndExplicitOnesAreKept() {
        TaskPlan.ContainerPlan app = plan(TWO_CONTAINERS).containers().getFirst();

        assertThat(app.spec().networkMode()).isEqualTo("bridge");
        assertThat(app.spec().ports()).containsExactly(new PortBinding(8080, 0, "tcp"), new PortBinding(8443, 0, "tcp"),
                new PortBinding(9090, 9090, "udp"));
        assertThat(app.hostPorts()).isEmpty();
    }

    @Test
    void linksAndVolumesFromNameTheOtherContainersByTheirEngineNames() {
        ContainerSpec proxy = plan(TWO_CONTAINERS).containers().get(1).spec();

        assertThat(proxy.links()).containsExactly(WEB_PREFIX + "-app:backend", WEB_PREFIX + "-app:app");
        assertThat(proxy.volumesFrom()).containsExactly(WEB_PREFIX + "-app:ro", WEB_PREFIX + "-app:rw");
    }

    @Test
    void hostModePublishesNothingButRecordsTheContainerPortsAsHostPorts() {
        TaskPlan plan = plan("""
                {"family": "web", "networkMode": "host", "containerDefinitions": [{"name": "app", "image": "app:1",
                  "hostname": "ignored", "portMappings": [{"containerPort": 80, "hostPort": 80}, {"containerPort": 53, "protocol": "udp"}]}]}
                """);
        TaskPlan.ContainerPlan app = plan.containers().getFirst();

        assertThat(app.spec().networkMode()).isEqualTo("host");
        assertThat(app.spec().ports()).isEmpty();
        assertThat(app.hostPorts()).containsExactly(new PortBinding(80, 80, "tcp"), new PortBinding(53, 53, "udp"));
        assertThat(app.spec().hostname()).isNull();
        assertThat(plan.sandbox()).isNull();
    }

    @Test
    void anAwsvpcTaskGetsASandboxWhoseNetworkEveryContainerJoinsWithoutPublishingPorts() {
        TaskPlan plan = plan("""
                {"family": "web", "networkMode": "awsvpc", "containerDefinitions": [
                  {"name": "app", "image": "app:1", "portMappings": [{"containerPort": 8080, "hostPort": 8080}]},
                  {"name": "sidecar", "image": "envoy:1"}]}
                """);

        assertThat(plan.awsvpc()).isTrue();
        ContainerSpec sandbox = plan.sandbox();
        assertThat(sandbox.name()).isEqualTo(WEB_PREFIX + ".sandbox");
        assertThat(sandbox.image()).isEqualTo(SandboxImage.NAME);
        assertThat(sandbox.entryPoint()).containsExactly(SandboxImage.ENTRY_POINT);
        assertThat(sandbox.labels()).containsEntry(Labels.ROLE, Labels.SANDBOX).containsEntry(Labels.TASK, Definitions.TASK_ID)
                .doesNotContainKey(Labels.CONTAINER);
        assertThat(plan.containers()).allSatisfy(container -> {
            assertThat(container.spec().networkMode()).isEqualTo("container:" + WEB_PREFIX + ".sandbox");
            assertThat(container.spec().ports()).isEmpty();
            assertThat(container.hostPorts()).isEmpty();
        });
    }

    @Test
    void noneModeHasNoNetworkAndNoPorts() {
        TaskPlan plan = plan("""
                {"family": "web", "networkMode": "none", "containerDefinitions": [
                  {"name": "app", "image": "app:1", "portMappings": [{"containerPort": 8080, "hostPort": 8080}]}]}
                """);
        TaskPlan.ContainerPlan app = plan.containers().getFirst();

        assertThat(app.spec().networkMode()).isEqualTo("none");
        assertThat(app.spec().ports()).isEmpty();
        assertThat(app.hostPorts()).isEmpty();
        assertThat(plan.awsvpc()).isFalse();
        assertThat(plan.sandbox()).isNull();
    }

    @Test
    void aTaskWithoutNetworkModeIsBridge() {
        TaskPlan plan = plan("""
                {"family": "web", "containerDefinitions": [{"name": "app", "image": "app:1"}]}
                """);

        assertThat(plan.containers().getFirst().spec().networkMode()).isEqualTo("bridge");
    }

    @Test
    void aHostSourcePathIsABindMountAndNoEngineVolume() {
        TaskPlan plan = plan("""
                {"family": "web", "volumes": [{"name": "logs", "host": {"sourcePath": "/var/log/web"}}],
                 "containerDefinitions": [{"name": "app", "image": "app:1",
                   "mountPoints": [{"sourceVolume": "logs", "containerPath": "/logs", "readOnly": true}]}]}
                """);

        assertThat(plan.volumes()).isEmpty();
        assertThat(plan.containers().getFirst().spec().mounts()).containsExactly(new Mount("/var/log/web", "/logs", true, true));
    }

    @Test
    void anEmptyHostVolumeIsAnEngineVolumeOfTheTaskThatTheAgentCreates() {
        TaskPlan plan = plan("""
                {"family": "web", "volumes": [{"name": "scratch", "host": {}}],
                 "containerDefinitions": [{"name": "app", "image": "app:1",
                   "mountPoints": [{"sourceVolume": "scratch", "containerPath": "/scratch"}]}]}
                """);

        TaskPlan.VolumePlan volume = plan.volumes().getFirst();
        assertThat(volume.dockerName()).isEqualTo(WEB_PREFIX + "-scratch");
        assertThat(volume.driver()).isEqualTo("local");
        assertThat(volume.create()).isTrue();
        assertThat(volume.mustExist()).isFalse();
        assertThat(volume.taskScoped()).isTrue();
        assertThat(volume.labels()).containsEntry(Labels.TASK, Definitions.TASK_ID)
                .containsEntry(Labels.INSTANCE, Definitions.INSTANCE);
        assertThat(plan.containers().getFirst().spec().mounts())
                .containsExactly(new Mount(WEB_PREFIX + "-scratch", "/scratch", false, false));
    }

    @Test
    void aTaskScopedDockerVolumeKeepsItsDriverOptionsAndLabelsAndGoesWithTheTask() {
        TaskPlan plan = plan("""
                {"family": "web", "volumes": [{"name": "data", "dockerVolumeConfiguration": {"scope": "task",
                   "driver": "local", "driverOpts": {"type": "tmpfs", "device": "tmpfs"}, "labels": {"purpose": "cache"}}}],
                 "containerDefinitions": [{"name": "app", "image": "app:1",
                   "mountPoints": [{"sourceVolume": "data", "containerPath": "/data"}]}]}
                """);

        TaskPlan.VolumePlan volume = plan.volumes().getFirst();
        assertThat(volume).extracting(TaskPlan.VolumePlan::dockerName, TaskPlan.VolumePlan::create,
                TaskPlan.VolumePlan::mustExist, TaskPlan.VolumePlan::taskScoped)
                .containsExactly(WEB_PREFIX + "-data", true, false, true);
        assertThat(volume.options()).isEqualTo(Map.of("type", "tmpfs", "device", "tmpfs"));
        assertThat(volume.labels()).containsEntry("purpose", "cache").containsEntry(Labels.TASK, Definitions.TASK_ID);
    }

    @Test
    void aSharedVolumeWithAutoprovisionIsCreatedUnderItsOwnNameIfMissing() {
        TaskPlan plan = plan("""
                {"family": "web", "volumes": [{"name": "shared-data", "dockerVolumeConfiguration": {"scope": "shared",
                   "autoprovision": true, "driver": "local", "labels": {"owner": "web"}}}],
                 "containerDefinitions": [{"name": "app", "image": "app:1",
                   "mountPoints": [{"sourceVolume": "shared-data", "containerPath": "/data"}]}]}
                """);

        TaskPlan.VolumePlan volume = plan.volumes().getFirst();
        assertThat(volume).extracting(TaskPlan.VolumePlan::dockerName, TaskPlan.VolumePlan::create,
                TaskPlan.VolumePlan::mustExist, TaskPlan.VolumePlan::taskScoped)
                .containsExactly("shared-data", true, false, false);
        assertThat(volume.labels()).isEqualTo(Map.of("owner", "web"));
        assertThat(plan.containers().getFirst().spec().mounts()).containsExactly(new Mount("shared-data", "/data", false, false));
    }

    @Test
    void aSharedVolumeWithoutAutoprovisionMustExistAlready() {
        TaskPlan plan = plan("""
                {"family": "web", "volumes": [{"name": "shared-data", "dockerVolumeConfiguration": {"scope": "shared"}}],
                 "containerDefinitions": [{"name": "app", "image": "app:1"}]}
                """);

        TaskPlan.VolumePlan volume = plan.volumes().getFirst();
        assertThat(volume.create()).isFalse();
        assertThat(volume.mustExist()).isTrue();
        assertThat(volume.taskScoped()).isFalse();
    }

    @Test
    void mountingAnEfsVolumeFailsThePlanNamingTheVolume() {
        String definition = """
                {"family": "web", "volumes": [{"name": "files", "efsVolumeConfiguration": {"fileSystemId": "fs-1234"}}],
                 "containerDefinitions": [{"name": "app", "image": "app:1",
                   "mountPoints": [{"sourceVolume": "files", "containerPath": "/files"}]}]}
                """;

        assertThatThrownBy(() -> plan(definition)).isInstanceOf(ContainerPlans.UnsupportedVolume.class)
                .hasMessageContaining("'files'");
    }

    @Test
    void anEfsVolumeNoContainerMountsDoesNotStopTheTask() {
        TaskPlan plan = plan("""
                {"family": "web", "volumes": [{"name": "files", "efsVolumeConfiguration": {"fileSystemId": "fs-1234"}}],
                 "containerDefinitions": [{"name": "app", "image": "app:1"}]}
                """);

        assertThat(plan.volumes()).isEmpty();
        assertThat(plan.containers().getFirst().spec().mounts()).isEmpty();
    }

    @Test
    void hostPidAndIpcModesAreTheHosts() {
        ContainerSpec app = plan("""
                {"family": "web", "pidMode": "host", "ipcMode": "host", "containerDefinitions": [{"name": "app", "image": "app:1"}]}
                """).containers().getFirst().spec();

        assertThat(app.pidMode()).isEqualTo("host");
        assertThat(app.ipcMode()).isEqualTo("host");
    }

    @Test
    void taskPidAndIpcModesOfAnAwsvpcTaskShareTheSandboxsNamespaces() {
        ContainerSpec app = plan("""
                {"family": "web", "networkMode": "awsvpc", "pidMode": "task", "ipcMode": "task",
                 "containerDefinitions": [{"name": "app", "image": "app:1"}]}
                """).containers().getFirst().spec();

        assertThat(app.pidMode()).isEqualTo("container:" + WEB_PREFIX + ".sandbox");
        assertThat(app.ipcMode()).isEqualTo("container:" + WEB_PREFIX + ".sandbox");
    }

    @Test
    void withoutPidOrIpcModeTheEngineDefaultsApply() {
        ContainerSpec app = plan("""
                {"family": "web", "containerDefinitions": [{"name": "app", "image": "app:1"}]}
                """).containers().getFirst().spec();

        assertThat(app.pidMode()).isNull();
        assertThat(app.ipcMode()).isNull();
    }
}
