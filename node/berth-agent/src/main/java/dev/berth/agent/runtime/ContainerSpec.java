package dev.berth.agent.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to create one container, already translated from the ECS container
 * definition (see {@code core.ContainerPlans}). Immutable.
 */
public record ContainerSpec(
        String name,
        String image,
        Map<String, String> labels,
        List<String> command,
        List<String> entryPoint,
        List<String> environment,
        String workingDirectory,
        String user,
        String hostname,
        Integer cpuShares,
        Long memoryBytes,
        Long memoryReservationBytes,
        String networkMode,
        List<PortBinding> ports,
        List<String> links,
        List<Mount> mounts,
        List<String> volumesFrom,
        List<Ulimit> ulimits,
        boolean privileged,
        boolean readonlyRootFilesystem,
        boolean init,
        List<String> capabilitiesAdded,
        List<String> capabilitiesDropped,
        Long sharedMemoryBytes,
        Map<String, String> tmpfs,
        Map<String, String> sysctls,
        List<String> securityOptions,
        List<String> extraHosts,
        List<String> dnsServers,
        List<String> dnsSearchDomains,
        HealthCheck healthCheck,
        Duration stopTimeout,
        String pidMode,
        String ipcMode,
        String logDriver,
        Map<String, String> logOptions,
        boolean interactive,
        boolean tty) {

    /** @param hostPort 0 lets the engine choose */
    public record PortBinding(int containerPort, int hostPort, String protocol) {
    }

    /** @param source a host path (bind) or a volume name @param bind whether source is a host path */
    public record Mount(String source, String target, boolean readOnly, boolean bind) {
    }

    public record Ulimit(String name, long soft, long hard) {
    }

    /** @param test ["CMD", …] or ["CMD-SHELL", "…"] */
    public record HealthCheck(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {
    }
}
