package dev.berth.agent.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.runtime.ContainerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One ECS container definition to the engine's terms. Pure. */
final class ContainerPlans {
    private static final long MIB = 1024L * 1024L;

    private ContainerPlans() {
    }

    static TaskPlan.ContainerPlan plan(JsonNode container, Map<String, String> engineNames, Map<String, String> baseLabels,
                                       String engineNetwork, String networkMode, Map<String, String> mountSources,
                                       Map<String, Boolean> bindSources, String pidMode, String ipcMode,
                                       Duration defaultStopTimeout, Duration defaultStartTimeout) {
        String name = container.path("name").asText();
        Map<String, String> labels = new LinkedHashMap<>(TaskPlans.strings(container.path("dockerLabels")));
        labels.putAll(baseLabels);
        labels.put(Labels.CONTAINER, name);

        List<String> environment = new ArrayList<>();
        container.path("environment").forEach(v -> environment.add(v.path("name").asText() + "=" + v.path("value").asText("")));

        List<ContainerSpec.PortBinding> ports = new ArrayList<>();
        List<ContainerSpec.PortBinding> hostPorts = new ArrayList<>();
        for (JsonNode mapping : container.path("portMappings")) {
            if (!mapping.has("containerPort")) {
                continue;
            }
            int containerPort = mapping.get("containerPort").asInt();
            String protocol = mapping.path("protocol").asText("tcp");
            if (networkMode.equals("bridge")) {
                ports.add(new ContainerSpec.PortBinding(containerPort, mapping.path("hostPort").asInt(0), protocol));
            } else if (networkMode.equals("host")) {
                hostPorts.add(new ContainerSpec.PortBinding(containerPort, containerPort, protocol));
            }
        }
        List<String> links = new ArrayList<>();
        container.path("links").forEach(link -> {
            String[] parts = link.asText().split(":", 2);
            links.add(engineNames.get(parts[0]) + ":" + (parts.length > 1 ? parts[1] : parts[0]));
        });
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        for (JsonNode mount : container.path("mountPoints")) {
            String volume = mount.path("sourceVolume").asText();
            String source = mountSources.get(volume);
            if (source == null) {
                throw new UnsupportedVolume(volume);
            }
            mounts.add(new ContainerSpec.Mount(source, mount.path("containerPath").asText(),
                    mount.path("readOnly").asBoolean(false), bindSources.getOrDefault(volume, false)));
        }
        List<String> volumesFrom = new ArrayList<>();
        container.path("volumesFrom").forEach(from -> volumesFrom.add(engineNames.get(from.path("sourceContainer").asText())
                + (from.path("readOnly").asBoolean(false) ? ":ro" : ":rw")));
        List<ContainerSpec.Ulimit> ulimits = new ArrayList<>();
        container.path("ulimits").forEach(limit -> ulimits.add(new ContainerSpec.Ulimit(limit.path("name").asText(),
                limit.path("softLimit").asLong(), limit.path("hardLimit").asLong())));
        JsonNode linux = container.path("linuxParameters");
        Map<String, String> tmpfs = new LinkedHashMap<>();
        linux.path("tmpfs").forEach(t -> {
            List<String> options = new ArrayList<>(List.of("size=" + t.path("size").asLong() + "m"));
            t.path("mountOptions").forEach(option -> options.add(option.asText()));
            tmpfs.put(t.path("containerPath").asText(), String.join(",", options));
        });
        Map<String, String> sysctls = new LinkedHashMap<>();
        container.path("systemControls").forEach(s -> sysctls.put(s.path("namespace").asText(), s.path("value").asText()));
        List<String> extraHosts = new ArrayList<>();
        container.path("extraHosts").forEach(h -> extraHosts.add(h.path("hostname").asText() + ":" + h.path("ipAddress").asText()));

        Map<String, String> dependsOn = new LinkedHashMap<>();
        container.path("dependsOn").forEach(d -> dependsOn.put(d.path("containerName").asText(), d.path("condition").asText()));
        Duration stopTimeout = container.hasNonNull("stopTimeout")
                ? Duration.ofSeconds(container.get("stopTimeout").asInt()) : defaultStopTimeout;
        Duration startTimeout = container.hasNonNull("startTimeout")
                ? Duration.ofSeconds(container.get("startTimeout").asInt()) : defaultStartTimeout;
        String logDriver = container.path("logConfiguration").path("logDriver").asText(null);
        Map<String, String> logOptions = TaskPlans.strings(container.path("logConfiguration").path("options"));
        if (logDriver == null || logDriver.equals("awslogs") || logDriver.equals("awsfirelens")) {
            // Berth keeps awslogs output itself; Docker keeps a local copy as json-file.
            logDriver = null;
            logOptions = Map.of();
        }
        int cpu = container.path("cpu").asInt(0);
        ContainerSpec spec = new ContainerSpec(engineNames.get(name), container.path("image").asText(), labels,
                strings(container.path("command")), strings(container.path("entryPoint")), environment,
                container.path("workingDirectory").asText(null), container.path("user").asText(null),
                networkMode.equals("bridge") || networkMode.equals("none") ? container.path("hostname").asText(null) : null,
                cpu == 0 ? null : Math.max(2, cpu),
                container.hasNonNull("memory") ? container.get("memory").asLong() * MIB : null,
                container.hasNonNull("memoryReservation") ? container.get("memoryReservation").asLong() * MIB : null,
                engineNetwork, ports, links, mounts, volumesFrom, ulimits,
                container.path("privileged").asBoolean(false), container.path("readonlyRootFilesystem").asBoolean(false),
                linux.path("initProcessEnabled").asBoolean(false),
                strings(linux.path("capabilities").path("add")), strings(linux.path("capabilities").path("drop")),
                linux.hasNonNull("sharedMemorySize") ? linux.get("sharedMemorySize").asLong() * MIB : null,
                tmpfs, sysctls, strings(container.path("dockerSecurityOptions")), extraHosts,
                strings(container.path("dnsServers")), strings(container.path("dnsSearchDomains")),
                healthCheck(container.path("healthCheck")), stopTimeout, pidMode, ipcMode, logDriver, logOptions,
                container.path("interactive").asBoolean(false), container.path("pseudoTerminal").asBoolean(false));
        return new TaskPlan.ContainerPlan(name, container.path("essential").asBoolean(true), dependsOn, startTimeout,
                stopTimeout, container.hasNonNull("healthCheck"), hostPorts, spec);
    }

    private static ContainerSpec.HealthCheck healthCheck(JsonNode check) {
        if (check.isMissingNode() || check.isNull()) {
            return null;
        }
        return new ContainerSpec.HealthCheck(strings(check.path("command")),
                Duration.ofSeconds(check.path("interval").asInt(30)), Duration.ofSeconds(check.path("timeout").asInt(5)),
                check.path("retries").asInt(3), Duration.ofSeconds(check.path("startPeriod").asInt(0)));
    }

    private static List<String> strings(JsonNode list) {
        List<String> values = new ArrayList<>();
        list.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** A volume type Berth cannot provide on this host (EFS, FSx). */
    static final class UnsupportedVolume extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedVolume(String volume) {
            super("volume '" + volume + "' is of a type Berth cannot mount on this host (EFS and FSx need their AWS services)");
        }
    }
}
