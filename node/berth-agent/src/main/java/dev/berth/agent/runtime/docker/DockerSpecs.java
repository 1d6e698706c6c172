package dev.berth.agent.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumesFrom;
import dev.berth.agent.runtime.ContainerSpec;
import dev.berth.agent.runtime.ContainerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a {@link ContainerSpec} into docker-java's create command, and reads published ports back. */
final class DockerSpecs {
    private DockerSpecs() {
    }

    static void apply(CreateContainerCmd command, ContainerSpec spec) {
        command.withLabels(spec.labels());
        if (!spec.command().isEmpty()) {
            command.withCmd(spec.command());
        }
        if (!spec.entryPoint().isEmpty()) {
            command.withEntrypoint(spec.entryPoint());
        }
        command.withEnv(spec.environment());
        if (spec.workingDirectory() != null) {
            command.withWorkingDir(spec.workingDirectory());
        }
        if (spec.user() != null) {
            command.withUser(spec.user());
        }
        if (spec.hostname() != null) {
            command.withHostName(spec.hostname());
        }
        if (spec.stopTimeout() != null) {
            command.withStopTimeout((int) spec.stopTimeout().toSeconds());
        }
        command.withStdinOpen(spec.interactive()).withTty(spec.tty());
        if (spec.healthCheck() != null) {
            ContainerSpec.HealthCheck check = spec.healthCheck();
            command.withHealthcheck(new HealthCheck().withTest(check.test())
                    .withInterval(check.interval().toNanos()).withTimeout(check.timeout().toNanos())
                    .withRetries(check.retries()).withStartPeriod(check.startPeriod().toNanos()));
        }
        List<ExposedPort> exposed = new ArrayList<>();
        Ports bindings = new Ports();
        for (ContainerSpec.PortBinding port : spec.ports()) {
            ExposedPort exposedPort = new ExposedPort(port.containerPort(), InternetProtocol.parse(port.protocol()));
            exposed.add(exposedPort);
            bindings.bind(exposedPort, port.hostPort() == 0 ? Ports.Binding.empty() : Ports.Binding.bindPort(port.hostPort()));
        }
        command.withExposedPorts(exposed);
        command.withHostConfig(hostConfig(spec, bindings));
    }

    private static HostConfig hostConfig(ContainerSpec spec, Ports bindings) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.networkMode())
                .withPortBindings(bindings)
                .withPrivileged(spec.privileged())
                .withReadonlyRootfs(spec.readonlyRootFilesystem())
                .withInit(spec.init() ? Boolean.TRUE : null);
        if (spec.cpuShares() != null) {
            host.withCpuShares(spec.cpuShares());
        }
        if (spec.memoryBytes() != null) {
            host.withMemory(spec.memoryBytes());
        }
        if (spec.memoryReservationBytes() != null) {
            host.withMemoryReservation(spec.memoryReservationBytes());
        }
        List<Link> links = new ArrayList<>();
        for (String link : spec.links()) {
            String[] parts = link.split(":", 2);
            links.add(new Link(parts[0], parts.length > 1 ? parts[1] : parts[0]));
        }
        host.withLinks(links);
        List<Bind> binds = new ArrayList<>();
        for (ContainerSpec.Mount mount : spec.mounts()) {
            binds.add(new Bind(mount.source(), new Volume(mount.target()), mount.readOnly() ? AccessMode.ro : AccessMode.rw));
        }
        host.withBinds(binds);
        List<VolumesFrom> volumesFrom = new ArrayList<>();
        spec.volumesFrom().forEach(from -> volumesFrom.add(VolumesFrom.parse(from)));
        host.withVolumesFrom(volumesFrom);
        List<Ulimit> ulimits = new ArrayList<>();
        spec.ulimits().forEach(limit -> ulimits.add(new Ulimit(limit.name(), limit.soft(), limit.hard())));
        host.withUlimits(ulimits);
        if (!spec.capabilitiesAdded().isEmpty()) {
            host.withCapAdd(capabilities(spec.capabilitiesAdded()));
        }
        if (!spec.capabilitiesDropped().isEmpty()) {
            host.withCapDrop(capabilities(spec.capabilitiesDropped()));
        }
        if (spec.sharedMemoryBytes() != null) {
            host.withShmSize(spec.sharedMemoryBytes());
        }
        if (!spec.tmpfs().isEmpty()) {
            host.withTmpFs(spec.tmpfs());
        }
        if (!spec.sysctls().isEmpty()) {
            host.withSysctls(spec.sysctls());
        }
        if (!spec.securityOptions().isEmpty()) {
            host.withSecurityOpts(spec.securityOptions());
        }
        if (!spec.extraHosts().isEmpty()) {
            host.withExtraHosts(spec.extraHosts().toArray(String[]::new));
        }
        if (!spec.dnsServers().isEmpty()) {
            host.withDns(spec.dnsServers());
        }
        if (!spec.dnsSearchDomains().isEmpty()) {
            host.withDnsSearch(spec.dnsSearchDomains());
        }
        if (spec.pidMode() != null) {
            host.withPidMode(spec.pidMode());
        }
        if (spec.ipcMode() != null) {
            host.withIpcMode(spec.ipcMode());
        }
        if (spec.logDriver() != null) {
            host.withLogConfig(new LogConfig(LogConfig.LoggingType.fromValue(spec.logDriver()), spec.logOptions()));
        }
        return host;
    }

    private static Capability[] capabilities(List<String> names) {
        return names.stream().map(name -> Capability.valueOf(name.startsWith("CAP_") ? name.substring(4) : name))
                .toArray(Capability[]::new);
    }

    static List<ContainerState.PublishedPort> publishedPorts(InspectContainerResponse inspected) {
        List<ContainerState.PublishedPort> published = new ArrayList<>();
        if (inspected.getNetworkSettings() == null || inspected.getNetworkSettings().getPorts() == null) {
            return published;
        }
        for (Map.Entry<ExposedPort, Ports.Binding[]> entry : inspected.getNetworkSettings().getPorts().getBindings().entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            for (Ports.Binding binding : entry.getValue()) {
                if (binding.getHostPortSpec() == null || binding.getHostPortSpec().isEmpty()
                        || "::".equals(binding.getHostIp())) {
                    continue; // the IPv6 twin of a binding Docker also makes on 0.0.0.0; ECS reports one
                }
                published.add(new ContainerState.PublishedPort(entry.getKey().getPort(),
                        Integer.parseInt(binding.getHostPortSpec()), entry.getKey().getProtocol().toString(),
                        binding.getHostIp() == null || binding.getHostIp().isEmpty() ? "0.0.0.0" : binding.getHostIp()));
            }
        }
        return published;
    }
}
