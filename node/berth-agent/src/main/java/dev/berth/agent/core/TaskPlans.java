package dev.berth.agent.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.runtime.ContainerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an ECS task definition (with overrides applied) into a {@link TaskPlan}: engine names,
 * volumes, the sandbox of an awsvpc task, and each container's options. Pure and deterministic,
 * so a restarted agent derives the same names and finds what it created before.
 */
public final class TaskPlans {
    /** The image of the container that holds an awsvpc task's network namespace (see {@link SandboxImage}). */
    public static final String SANDBOX_IMAGE = SandboxImage.NAME;
    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(3);

    private TaskPlans() {
    }

    /**
     * @param defaultStopTimeout the agent's stop timeout for containers that set none (ECS: 30 s)
     */
    public static TaskPlan plan(String cluster, String instanceId, String taskId, JsonNode definition,
                                Duration defaultStopTimeout) {
        String family = definition.path("family").asText("task");
        String prefix = "berth-" + (family.length() > 40 ? family.substring(0, 40) : family) + "-"
                + taskId.substring(0, Math.min(12, taskId.length()));
        String networkMode = definition.path("networkMode").asText("bridge");
        boolean awsvpc = networkMode.equals("awsvpc");
        Map<String, String> baseLabels = new LinkedHashMap<>();
        baseLabels.put(Labels.CLUSTER, cluster);
        baseLabels.put(Labels.INSTANCE, instanceId);
        baseLabels.put(Labels.TASK, taskId);
        baseLabels.put(Labels.TASK_DEFINITION, family + ":" + definition.path("revision").asText("0"));

        Map<String, TaskPlan.VolumePlan> volumes = new LinkedHashMap<>();
        Map<String, String> mountSources = new LinkedHashMap<>();
        Map<String, Boolean> bindSources = new LinkedHashMap<>();
        for (JsonNode volume : definition.path("volumes")) {
            planVolume(volume, prefix, baseLabels, volumes, mountSources, bindSources);
        }
        String sandboxName = prefix + ".sandbox";
        ContainerSpec sandbox = awsvpc ? sandbox(sandboxName, baseLabels) : null;
        String engineNetwork = switch (networkMode) {
            case "host" -> "host";
            case "none" -> "none";
            case "awsvpc" -> "container:" + sandboxName;
            default -> "bridge";
        };
        Map<String, String> engineNames = new LinkedHashMap<>();
        definition.path("containerDefinitions").forEach(c -> engineNames.put(c.path("name").asText(), prefix + "-"
                + c.path("name").asText()));
        String pidMode = namespaceMode(definition.path("pidMode").asText(null), awsvpc, sandboxName);
        String ipcMode = namespaceMode(definition.path("ipcMode").asText(null), awsvpc, sandboxName);

        List<TaskPlan.ContainerPlan> containers = new ArrayList<>();
        for (JsonNode container : definition.path("containerDefinitions")) {
            containers.add(ContainerPlans.plan(container, engineNames, baseLabels, engineNetwork, networkMode, mountSources,
                    bindSources, pidMode, ipcMode, defaultStopTimeout, DEFAULT_START_TIMEOUT));
        }
        return new TaskPlan(taskId, awsvpc, sandbox, List.copyOf(volumes.values()), containers);
    }

    private static void planVolume(JsonNode volume, String prefix, Map<String, String> baseLabels,
                                   Map<String, TaskPlan.VolumePlan> volumes, Map<String, String> mountSources,
                                   Map<String, Boolean> bindSources) {
        String name = volume.path("name").asText();
        JsonNode docker = volume.get("dockerVolumeConfiguration");
        String sourcePath = volume.path("host").path("sourcePath").asText(null);
        if (sourcePath != null) {
            mountSources.put(name, sourcePath);
            bindSources.put(name, true);
        } else if (docker != null && !docker.isNull() && "shared".equals(docker.path("scope").asText("task"))) {
            boolean autoprovision = docker.path("autoprovision").asBoolean(false);
            volumes.put(name, new TaskPlan.VolumePlan(name, docker.path("driver").asText("local"),
                    strings(docker.path("driverOpts")), strings(docker.path("labels")), autoprovision, !autoprovision, false));
            mountSources.put(name, name);
            bindSources.put(name, false);
        } else if (volume.has("efsVolumeConfiguration") || volume.has("fsxWindowsFileServerVolumeConfiguration")) {
            mountSources.put(name, null); // ContainerPlans reports what Berth cannot mount
            bindSources.put(name, false);
        } else {
            // A task-scoped volume: Docker's own, shared by the task's containers, gone with the task.
            String engineName = prefix + "-" + name;
            Map<String, String> labels = new LinkedHashMap<>(baseLabels);
            String driver = "local";
            Map<String, String> options = Map.of();
            if (docker != null && !docker.isNull()) {
                labels.putAll(strings(docker.path("labels")));
                driver = docker.path("driver").asText("local");
                options = strings(docker.path("driverOpts"));
            }
            volumes.put(name, new TaskPlan.VolumePlan(engineName, driver, options, labels, true, false, true));
            mountSources.put(name, engineName);
            bindSources.put(name, false);
        }
    }

    private static ContainerSpec sandbox(String name, Map<String, String> baseLabels) {
        Map<String, String> labels = new LinkedHashMap<>(baseLabels);
        labels.put(Labels.ROLE, Labels.SANDBOX);
        return new ContainerSpec(name, SANDBOX_IMAGE, labels, List.of(), List.of(SandboxImage.ENTRY_POINT), List.of(), null,
                null, null, 2, null, null, "bridge", List.of(), List.of(), List.of(), List.of(), List.of(), false, true, false,
                List.of(), List.of(), null, Map.of(), Map.of(), List.of(), List.of(), List.of(), List.of(), null,
                Duration.ZERO, null, "shareable", null, Map.of(), false, false);
    }

    private static String namespaceMode(String mode, boolean awsvpc, String sandboxName) {
        if (mode == null) {
            return null;
        }
        return switch (mode) {
            case "host" -> "host";
            case "none" -> "none";
            case "task" -> awsvpc ? "container:" + sandboxName : null;
            default -> null;
        };
    }

    static Map<String, String> strings(JsonNode map) {
        Map<String, String> values = new LinkedHashMap<>();
        map.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return values;
    }
}
