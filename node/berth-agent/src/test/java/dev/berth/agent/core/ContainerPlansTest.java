package dev.berth.agent.core;

import static dev.berth.agent.core.Definitions.container;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.runtime.ContainerSpec;
import dev.berth.agent.runtime.ContainerSpec.HealthCheck;
import dev.berth.agent.runtime.ContainerSpec.Ulimit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One container definition to the engine's options. */
class ContainerPlansTest {
    private static final long MIB = 1024L * 1024L;

    @Test
    void memoryAndMemoryReservationAreMiBTurnedIntoBytes() {
        ContainerSpec spec = container("\"memory\": 512, \"memoryReservation\": 256").spec();

        assertThat(spec.memoryBytes()).isEqualTo(512 * MIB);
        assertThat(spec.memoryReservationBytes()).isEqualTo(256 * MIB);
    }

    @Test
    void withoutMemorySettingsTheEngineSetsNoLimit() {
        ContainerSpec spec = container("").spec();

        assertThat(spec.memoryBytes()).isNull();
        assertThat(spec.memoryReservationBytes()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"1, 2", "2, 2", "256, 256", "1024, 1024"})
    void cpuUnitsAreCpuSharesWithTheLinuxMinimumOfTwo(int cpu, int shares) {
        assertThat(container("\"cpu\": " + cpu).spec().cpuShares()).isEqualTo(shares);
    }

    @Test
    void zeroOrAbsentCpuSetsNoCpuShares() {
        assertThat(container("\"cpu\": 0").spec().cpuShares()).isNull();
        assertThat(container("").spec().cpuShares()).isNull();
    }

    @Test
    void aHealthCheckWithOnlyACommandGetsEcsDefaults() {
        TaskPlan.ContainerPlan app = container("\"healthCheck\": {\"command\": [\"CMD-SHELL\", \"curl -f localhost\"]}");

        assertThat(app.hasHealthCheck()).isTrue();
        assertThat(app.spec().healthCheck()).isEqualTo(new HealthCheck(List.of("CMD-SHELL", "curl -f localhost"),
                Duration.ofSeconds(30), Duration.ofSeconds(5), 3, Duration.ZERO));
    }

    @Test
    void aHealthChecksGivenValuesAreKept() {
        TaskPlan.ContainerPlan app = container("""
                "healthCheck": {"command": ["CMD", "/bin/check"], "interval": 10, "timeout": 2, "retries": 7, "startPeriod": 60}
                """);

        assertThat(app.spec().healthCheck()).isEqualTo(new HealthCheck(List.of("CMD", "/bin/check"), Duration.ofSeconds(10),
                Duration.ofSeconds(2), 7, Duration.ofSeconds(60)));
    }

    @Test
    void withoutAHealthCheckNoneIsGivenToTheEngine() {
        TaskPlan.ContainerPlan app = container("");

        assertThat(app.hasHealthCheck()).isFalse();
        assertThat(app.spec().healthCheck()).isNull();
    }

    @Test
    void theStopTimeoutIsTheAgentsUnlessTheContainerSetsOne() {
        TaskPlan.ContainerPlan defaulted = container("");
        TaskPlan.ContainerPlan given = container("\"stopTimeout\": 5");

        assertThat(defaulted.stopTimeout()).isEqualTo(Definitions.AGENT_STOP_TIMEOUT);
        assertThat(defaulted.spec().stopTimeout()).isEqualTo(Definitions.AGENT_STOP_TIMEOUT);
        assertThat(given.stopTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(given.spec().stopTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theStartTimeoutIsThreeMinutesUnlessTheContainerSetsOne() {
        assertThat(container("").startTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(container("\"startTimeout\": 45").startTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @ParameterizedTest
    @ValueSource(strings = {"awslogs", "awsfirelens"})
    void awsLogDriversLeaveTheEngineDefault(String driver) {
        ContainerSpec spec = container("""
                "logConfiguration": {"logDriver": "%s", "options": {"awslogs-group": "/ecs/web"}}
                """.formatted(driver)).spec();

        assertThat(spec.logDriver()).isNull();
        assertThat(spec.logOptions()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"json-file, max-size, 10m", "syslog, syslog-address, udp://127.0.0.1:514"})
    void otherLogDriversPassThroughWithTheirOptions(String driver, String option, String value) {
        ContainerSpec spec = container("""
                "logConfiguration": {"logDriver": "%s", "options": {"%s": "%s"}}
                """.formatted(driver, option, value)).spec();

        assertThat(spec.logDriver()).isEqualTo(driver);
        assertThat(spec.logOptions()).isEqualTo(Map.of(option, value));
    }

    @Test
    void linuxParametersBecomeInitCapabilitiesTmpfsAndSharedMemory() {
        ContainerSpec spec = container("""
                "linuxParameters": {"initProcessEnabled": true,
                  "capabilities": {"add": ["NET_ADMIN", "SYS_PTRACE"], "drop": ["MKNOD"]},
                  "tmpfs": [{"containerPath": "/run", "size": 64, "mountOptions": ["noexec", "nosuid"]},
                            {"containerPath": "/tmp", "size": 16}],
                  "sharedMemorySize": 128}
                """).spec();

        assertThat(spec.init()).isTrue();
        assertThat(spec.capabilitiesAdded()).containsExactly("NET_ADMIN", "SYS_PTRACE");
        assertThat(spec.capabilitiesDropped()).containsExactly("MKNOD");
        assertThat(spec.tmpfs()).containsExactly(Map.entry("/run", "size=64m,noexec,nosuid"), Map.entry("/tmp", "size=16m"));
        assertThat(spec.sharedMemoryBytes()).isEqualTo(128 * MIB);
    }

    @Test
    void withoutLinuxParametersThereIsNoInitAndTheEngineSharedMemoryDefault() {
        ContainerSpec spec = container("").spec();

        assertThat(spec.init()).isFalse();
        assertThat(spec.sharedMemoryBytes()).isNull();
        assertThat(spec.tmpfs()).isEmpty();
    }

    @Test
    void ulimitsExtraHostsAndDnsAreGivenToTheEngine() {
        ContainerSpec spec = container("""
                "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 4096}],
                "extraHosts": [{"hostname": "db.internal", "ipAddress": "10.0.0.5"}],
                "dnsServers": ["10.0.0.2"], "dnsSearchDomains": ["corp.example"]
                """).spec();

        assertThat(spec.ulimits()).containsExactly(new Ulimit("nofile", 1024, 4096));
        assertThat(spec.extraHosts()).containsExactly("db.internal:10.0.0.5");
        assertThat(spec.dnsServers()).containsExactly("10.0.0.2");
        assertThat(spec.dnsSearchDomains()).containsExactly("corp.example");
    }

    @ParameterizedTest
    @CsvSource({"bridge, true", "none, true", "host, false", "awsvpc, false"})
    void theHostnameIsSetOnlyInBridgeAndNoneModes(String networkMode, boolean kept) {
        ContainerSpec spec = container(networkMode, "\"hostname\": \"web-1\"").spec();

        assertThat(spec.hostname()).isEqualTo(kept ? "web-1" : null);
    }

    @Test
    void environmentVariablesAreNameEqualsValueInOrder() {
        ContainerSpec spec = container("""
                "environment": [{"name": "MODE", "value": "production"}, {"name": "EMPTY"}, {"name": "URL", "value": "a=b"}]
                """).spec();

        assertThat(spec.environment()).containsExactly("MODE=production", "EMPTY=", "URL=a=b");
    }

    @Test
    void commandEntryPointUserAndWorkingDirectoryAreKept() {
        ContainerSpec spec = container("""
                "command": ["serve", "--port", "80"], "entryPoint": ["/bin/app"], "user": "1000:1000", "workingDirectory": "/srv"
                """).spec();

        assertThat(spec.image()).isEqualTo("app:1");
        assertThat(spec.command()).containsExactly("serve", "--port", "80");
        assertThat(spec.entryPoint()).containsExactly("/bin/app");
        assertThat(spec.user()).isEqualTo("1000:1000");
        assertThat(spec.workingDirectory()).isEqualTo("/srv");
    }

    @Test
    void privilegedReadOnlyRootAndSecurityOptionsAreKept() {
        ContainerSpec spec = container("""
                "privileged": true, "readonlyRootFilesystem": true, "dockerSecurityOptions": ["no-new-privileges"],
                "systemControls": [{"namespace": "net.core.somaxconn", "value": "1024"}],
                "interactive": true, "pseudoTerminal": true
                """).spec();

        assertThat(spec.privileged()).isTrue();
        assertThat(spec.readonlyRootFilesystem()).isTrue();
        assertThat(spec.securityOptions()).containsExactly("no-new-privileges");
        assertThat(spec.sysctls()).isEqualTo(Map.of("net.core.somaxconn", "1024"));
        assertThat(spec.interactive()).isTrue();
        assertThat(spec.tty()).isTrue();
    }

    @Test
    void aContainerIsEssentialUnlessItSaysOtherwise() {
        assertThat(container("").essential()).isTrue();
        assertThat(container("\"essential\": false").essential()).isFalse();
    }

    @Test
    void dependenciesAreKeptByContainerNameWithTheirConditions() {
        TaskPlan plan = Definitions.plan("""
                {"family": "web", "containerDefinitions": [
                  {"name": "app", "image": "app:1", "dependsOn": [{"containerName": "db", "condition": "HEALTHY"},
                                                                  {"containerName": "migrate", "condition": "SUCCESS"}]},
                  {"name": "db", "image": "db:1", "healthCheck": {"command": ["CMD", "true"]}},
                  {"name": "migrate", "image": "app:1", "essential": false}]}
                """);

        assertThat(plan.containers().getFirst().dependsOn()).containsExactly(Map.entry("db", "HEALTHY"),
                Map.entry("migrate", "SUCCESS"));
    }
}
