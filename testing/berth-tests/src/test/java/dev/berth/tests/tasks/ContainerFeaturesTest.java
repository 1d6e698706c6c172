package dev.berth.tests.tasks;

import static dev.berth.tests.tasks.TaskLifecycleTest.container;
import static dev.berth.tests.tasks.TaskLifecycleTest.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.tests.support.DockerCli;
import dev.berth.tests.support.EcsTasks;
import dev.berth.tests.support.RunningBerth;
import dev.berth.tests.support.TestImages;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Task;

/** Container definition features, honoured on a real Docker Engine and checked from Docker's side. */
class ContainerFeaturesTest {
    private static final String IMAGE = TestImages.BUSYBOX;
    private static RunningBerth berth;
    private static EcsTasks ecs;

    @BeforeAll
    static void start() {
        berth = RunningBerth.withAgent();
        ecs = new EcsTasks(berth);
    }

    @AfterAll
    static void stop() {
        ecs.close();
        berth.close();
    }

    @Test
    void dependsOnOrderIsObservedAndATaskVolumeIsSharedBetweenContainers() {
        // init writes into the task volume and exits 0; app waits for its SUCCESS, reads the file and becomes
        // healthy; proxy waits for app to be HEALTHY. The same pattern as an nginx proxy and an app sharing a socket.
        String definition = ecs.register("""
                {"family": "ordered-%s",
                 "volumes": [{"name": "shared", "host": {}}],
                 "containerDefinitions": [
                  {"name": "proxy", "image": "%s", "memory": 32, "command": ["sleep", "600"], "stopTimeout": 1,
                   "mountPoints": [{"sourceVolume": "shared", "containerPath": "/run/app", "readOnly": true}],
                   "dependsOn": [{"containerName": "app", "condition": "HEALTHY"}]},
                  {"name": "app", "image": "%s", "memory": 32, "stopTimeout": 1,
                   "command": ["sh", "-c", "cat /run/app/config > /run/app/served && exec sleep 600"],
                   "mountPoints": [{"sourceVolume": "shared", "containerPath": "/run/app"}],
                   "healthCheck": {"command": ["CMD-SHELL", "test -s /run/app/served"], "interval": 5, "timeout": 2,
                                   "retries": 3, "startPeriod": 0},
                   "dependsOn": [{"containerName": "init", "condition": "SUCCESS"}]},
                  {"name": "init", "image": "%s", "memory": 32, "essential": false,
                   "command": ["sh", "-c", "echo configured > /run/app/config"],
                   "mountPoints": [{"sourceVolume": "shared", "containerPath": "/run/app"}]}]}"""
                .formatted(suffix(), IMAGE, IMAGE, IMAGE));

        Task task = ecs.awaitStatus(ecs.run(definition), "RUNNING");

        String init = container(task, "init").runtimeId();
        String app = container(task, "app").runtimeId();
        String proxy = container(task, "proxy").runtimeId();
        assertThat(container(task, "init").exitCode()).isZero();
        assertThat(time(app, "{{.State.StartedAt}}")).isAfterOrEqualTo(time(init, "{{.State.FinishedAt}}"));
        Instant appHealthy = time(app, "{{(index .State.Health.Log 0).End.Format \"2006-01-02T15:04:05.999999999Z07:00\"}}");
        assertThat(time(proxy, "{{.State.StartedAt}}")).as("proxy started once app was healthy").isAfter(appHealthy);
        assertThat(DockerCli.run("exec", proxy, "cat", "/run/app/served")).isEqualTo("configured");
        assertThat(DockerCli.attempt("exec", proxy, "touch", "/run/app/x").exitCode()).as("read-only mount").isNotZero();
        assertThat(task.healthStatusAsString()).isIn("HEALTHY", "UNKNOWN");
        String volume = DockerCli.inspect(app, "{{range .Mounts}}{{.Name}}{{end}}");
        assertThat(DockerCli.inspect(proxy, "{{range .Mounts}}{{.Name}}{{end}}")).isEqualTo(volume);

        ecs.sdk().stopTask(b -> b.task(task.taskArn()));
        ecs.awaitStatus(task.taskArn(), "STOPPED");
    }

    @Test
    void anAwsvpcTaskHasOneAddressSharedByItsContainersOnLocalhost() {
        String definition = ecs.register("""
                {"family": "vpc-%s", "networkMode": "awsvpc", "containerDefinitions": [
                  {"name": "server", "image": "%s", "memory": 32, "stopTimeout": 1,
                   "command": ["sh", "-c", "mkdir -p /www && echo from-localhost > /www/index.html && exec httpd -f -p 8080 -h /www"],
                   "portMappings": [{"containerPort": 8080}]},
                  {"name": "client", "image": "%s", "memory": 32, "essential": false,
                   "command": ["sh", "-c", "sleep 1; wget -q -O- http://localhost:8080/ | grep -q from-localhost"],
                   "dependsOn": [{"containerName": "server", "condition": "START"}]}]}"""
                .formatted(suffix(), IMAGE, IMAGE));

        Task task = ecs.awaitTask(ecs.run(definition), java.time.Duration.ofSeconds(60),
                t -> container(t, "client").exitCode() != null);

        assertThat(container(task, "client").exitCode()).as("reached the server on localhost").isZero();
        assertThat(task.attachments()).singleElement().satisfies(eni -> {
            assertThat(eni.type()).isEqualTo("ElasticNetworkInterface");
            assertThat(eni.details()).extracting(KeyValuePair::name).contains("privateIPv4Address");
        });
        String address = task.attachments().get(0).details().stream()
                .filter(detail -> detail.name().equals("privateIPv4Address")).findFirst().orElseThrow().value();
        String server = container(task, "server").runtimeId();
        String sandbox = DockerCli.inspect(server, "{{.HostConfig.NetworkMode}}").replace("container:", "");
        assertThat(DockerCli.inspect(sandbox, "{{.NetworkSettings.IPAddress}}")).isEqualTo(address);
        assertThat(DockerCli.inspect(container(task, "client").runtimeId(), "{{.HostConfig.NetworkMode}}"))
                .isEqualTo("container:" + sandbox);
        assertThat(container(task, "server").networkInterfaces()).singleElement()
                .satisfies(eni -> assertThat(eni.privateIpv4Address()).isEqualTo(address));

        ecs.sdk().stopTask(b -> b.task(task.taskArn()));
        ecs.awaitStatus(task.taskArn(), "STOPPED");
        assertThat(DockerCli.inspect(sandbox, "{{.State.Running}}")).as("the sandbox stops with its task").isEqualTo("false");
    }

    @Test
    void runTaskOverridesReachTheContainer() {
        String definition = ecs.register("""
                {"family": "overridden-%s", "containerDefinitions": [{"name": "app", "image": "%s", "memory": 32,
                  "command": ["sleep", "600"], "stopTimeout": 1,
                  "environment": [{"name": "MODE", "value": "defined"}, {"name": "KEEP", "value": "kept"}]}]}"""
                .formatted(suffix(), IMAGE));

        String taskArn = ecs.sdk().runTask(b -> b.taskDefinition(definition).overrides(o -> o.containerOverrides(c -> c
                .name("app").command("sleep", "601").environment(KeyValuePair.builder().name("MODE").value("overridden").build())
                .memory(48)))).tasks().get(0).taskArn();
        Task task = ecs.awaitStatus(taskArn, "RUNNING");

        String id = task.containers().get(0).runtimeId();
        assertThat(DockerCli.inspect(id, "{{json .Config.Cmd}}")).isEqualTo("[\"sleep\",\"601\"]");
        assertThat(DockerCli.inspect(id, "{{json .Config.Env}}")).contains("MODE=overridden").contains("KEEP=kept")
                .doesNotContain("MODE=defined");
        assertThat(DockerCli.inspect(id, "{{.HostConfig.Memory}}")).isEqualTo(String.valueOf(48L * 1024 * 1024));
        assertThat(task.overrides().containerOverrides().get(0).command()).containsExactly("sleep", "601");
        ecs.sdk().stopTask(b -> b.task(taskArn));
    }

    @Test
    void dockerOptionsOfAContainerDefinitionAreHonoured() {
        String definition = ecs.register("""
                {"family": "options-%s", "containerDefinitions": [
                  {"name": "db", "image": "%s", "memory": 32, "command": ["sleep", "600"], "stopTimeout": 1},
                  {"name": "app", "image": "%s", "cpu": 256, "memory": 96, "memoryReservation": 64,
                   "command": ["sleep", "600"], "stopTimeout": 7, "user": "1000:1000", "workingDirectory": "/tmp",
                   "hostname": "app-host", "links": ["db:database"], "readonlyRootFilesystem": true,
                   "extraHosts": [{"hostname": "registry.internal", "ipAddress": "10.1.2.3"}],
                   "dnsServers": ["10.0.0.2"], "dnsSearchDomains": ["corp.internal"],
                   "dockerLabels": {"team": "geo"},
                   "ulimits": [{"name": "nofile", "softLimit": 4096, "hardLimit": 8192}],
                   "linuxParameters": {"initProcessEnabled": true, "capabilities": {"add": ["NET_ADMIN"], "drop": ["MKNOD"]},
                                       "tmpfs": [{"containerPath": "/scratch", "size": 16}], "sharedMemorySize": 32}}]}"""
                .formatted(suffix(), IMAGE, IMAGE));

        Task task = ecs.awaitStatus(ecs.run(definition), "RUNNING");

        String app = container(task, "app").runtimeId();
        assertThat(DockerCli.inspect(app, "{{.HostConfig.CpuShares}} {{.HostConfig.Memory}} {{.HostConfig.MemoryReservation}}"))
                .isEqualTo("256 " + 96L * 1024 * 1024 + " " + 64L * 1024 * 1024);
        assertThat(DockerCli.inspect(app, "{{.Config.User}} {{.Config.WorkingDir}} {{.Config.Hostname}}"))
                .isEqualTo("1000:1000 /tmp app-host");
        assertThat(DockerCli.inspect(app, "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.Init}} {{.Config.StopTimeout}}"))
                .isEqualTo("true true 7");
        assertThat(DockerCli.inspect(app, "{{json .HostConfig.ExtraHosts}} {{json .HostConfig.Dns}} {{json .HostConfig.DnsSearch}}"))
                .isEqualTo("[\"registry.internal:10.1.2.3\"] [\"10.0.0.2\"] [\"corp.internal\"]");
        assertThat(DockerCli.inspect(app, "{{index .Config.Labels \"team\"}} {{index .Config.Labels \"berth.container\"}}"))
                .isEqualTo("geo app");
        assertThat(DockerCli.inspect(app, "{{range .HostConfig.Ulimits}}{{.Name}}={{.Soft}}:{{.Hard}}{{end}}"))
                .isEqualTo("nofile=4096:8192");
        assertThat(DockerCli.inspect(app, "{{json .HostConfig.CapAdd}} {{json .HostConfig.CapDrop}}"))
                .isEqualTo("[\"NET_ADMIN\"] [\"MKNOD\"]");
        assertThat(DockerCli.inspect(app, "{{json .HostConfig.Tmpfs}} {{.HostConfig.ShmSize}}"))
                .isEqualTo("{\"/scratch\":\"size=16m\"} " + 32L * 1024 * 1024);
        assertThat(DockerCli.inspect(app, "{{json .HostConfig.Links}}")).contains(":/" + DockerCli.inspect(app, "{{.Name}}")
                .substring(1) + "/database");
        List<String> hosts = List.of(DockerCli.run("exec", app, "cat", "/etc/hosts").split("\n"));
        assertThat(hosts).as("the link and the extra host resolve").anyMatch(line -> line.contains("database"))
                .anyMatch(line -> line.contains("registry.internal"));

        ecs.sdk().stopTask(b -> b.task(task.taskArn()));
        ecs.awaitStatus(task.taskArn(), "STOPPED");
    }

    private static Instant time(String container, String template) {
        return Instant.parse(DockerCli.inspect(container, template));
    }
}
