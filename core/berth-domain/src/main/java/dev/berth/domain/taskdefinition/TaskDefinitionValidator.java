package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.JsonFields.has;
import static dev.berth.domain.taskdefinition.JsonFields.integer;
import static dev.berth.domain.taskdefinition.JsonFields.list;
import static dev.berth.domain.taskdefinition.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.tag.Tags;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Messages;
import dev.berth.domain.validation.Names;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a RegisterTaskDefinition request the way ECS does and returns the definition ECS would
 * store: every field given, kept as given, plus the defaults and computed fields ECS adds.
 *
 * <p>Member types, enum values and required members were already checked against the ECS model
 * by the protocol layer; this class checks the rules that model cannot express. The first rule
 * broken is reported, as a {@code ClientException} whose message names the field.
 * Pure and stateless; safe from any thread.
 */
public final class TaskDefinitionValidator {
    /** ECS's size limit for a task definition. */
    public static final int MAX_SIZE_BYTES = 64 * 1024;
    public static final int MAX_CONTAINERS = 10;
    private static final int MAX_PLACEMENT_CONSTRAINTS = 10;

    /** The TaskDefinition members in the order ECS writes them; registration-only ones are left out. */
    private static final List<String> TASK_FIELDS = List.of("containerDefinitions", "family", "taskRoleArn",
            "executionRoleArn", "networkMode", "volumes", "requiresAttributes", "placementConstraints",
            "compatibilities", "runtimePlatform", "requiresCompatibilities", "cpu", "memory",
            "inferenceAccelerators", "pidMode", "ipcMode", "proxyConfiguration", "ephemeralStorage",
            "enableFaultInjection");

    private TaskDefinitionValidator() {
    }

    public static TaskDefinitionDraft validate(ObjectNode request) {
        String family = Names.require("family", text(request, "family"));
        NetworkMode networkMode = NetworkMode.ofWire(text(request, "networkMode"));
        boolean fargate = requires(request, "FARGATE");

        Map<String, JsonNode> containers = containersByName(request);
        Set<String> volumeNames = checkVolumes(request);
        ContainerRules.TaskScope scope =
                new ContainerRules.TaskScope(networkMode, fargate, volumeNames, containers.keySet());
        PortMappingRules ports = new PortMappingRules(networkMode);
        int index = 0;
        for (JsonNode container : containers.values()) {
            FieldPath at = FieldPath.of("containerDefinitions").index(index++);
            ContainerRules.check(container, at, scope);
            ports.check(container, at);
        }
        DependencyRules.check(containers, FieldPath.of("containerDefinitions"));
        checkEssential(containers);
        checkReferences(request, containers);

        Integer taskCpu = request.hasNonNull("cpu") ? ResourceUnits.cpuUnits(FieldPath.of("cpu"), text(request, "cpu")) : null;
        Integer taskMemory = request.hasNonNull("memory")
                ? ResourceUnits.memoryMiB(FieldPath.of("memory"), text(request, "memory")) : null;
        checkResources(containers, taskCpu, taskMemory, fargate);
        checkTaskOptions(request);
        if (fargate) {
            checkFargate(request, networkMode, taskCpu, taskMemory);
        }
        if (requires(request, "EXTERNAL") && networkMode == NetworkMode.AWSVPC) {
            throw EcsErrors.client("requiresCompatibilities includes EXTERNAL, which does not support network mode 'awsvpc'.");
        }
        Tags tags = Tags.parse(request.get("tags"), FieldPath.of("tags"));

        // The limit applies to what the caller sent, not to the defaults registration adds.
        int size = request.toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_SIZE_BYTES) {
            throw EcsErrors.client("The task definition is " + size
                    + " bytes; ECS limits a task definition to " + MAX_SIZE_BYTES + " bytes.");
        }
        ObjectNode definition = normalise(request, networkMode, taskCpu, taskMemory,
                fitsFargate(request, containers, scope, taskCpu, taskMemory));
        return new TaskDefinitionDraft(family, definition, tags);
    }

    private static boolean requires(JsonNode request, String compatibility) {
        for (JsonNode value : list(request, "requiresCompatibilities")) {
            if (value.asText().equals(compatibility)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, JsonNode> containersByName(JsonNode request) {
        JsonNode list = request.get("containerDefinitions");
        if (list == null || list.isEmpty()) {
            throw EcsErrors.client("containerDefinitions must list at least one container.");
        }
        if (list.size() > MAX_CONTAINERS) {
            throw EcsErrors.client("containerDefinitions lists " + list.size() + " containers; a task definition may have at most "
                    + MAX_CONTAINERS + ".");
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        Map<String, Integer> firstIndex = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            FieldPath at = FieldPath.of("containerDefinitions").index(i).field("name");
            String name = Names.require(at.toString(), text(list.get(i), "name"));
            Integer earlier = firstIndex.putIfAbsent(name, i);
            if (earlier != null) {
                throw EcsErrors.client(at + " repeats the container name '" + name + "' of containerDefinitions["
                        + earlier + "]; container names must be unique in a task definition.");
            }
            byName.put(name, list.get(i));
        }
        return byName;
    }

    private static Set<String> checkVolumes(JsonNode request) {
        Set<String> names = new HashSet<>();
        int i = 0;
        int configuredAtLaunch = 0;
        for (JsonNode volume : list(request, "volumes")) {
            FieldPath at = FieldPath.of("volumes").index(i++);
            String name = Names.require(at.field("name").toString(), text(volume, "name"));
            if (!names.add(name)) {
                throw EcsErrors.client(at.field("name") + " repeats the volume name '" + name + "'.");
            }
            int types = 0;
            for (String type : new String[] {"host", "dockerVolumeConfiguration", "efsVolumeConfiguration",
                    "fsxWindowsFileServerVolumeConfiguration", "s3filesVolumeConfiguration"}) {
                types += has(volume, type) ? 1 : 0;
            }
            if (types > 1) {
                throw EcsErrors.client(at + " gives more than one volume type; a volume has exactly one of host, "
                        + "dockerVolumeConfiguration, efsVolumeConfiguration, fsxWindowsFileServerVolumeConfiguration.");
            }
            if (volume.path("configuredAtLaunch").asBoolean(false) && ++configuredAtLaunch > 1) {
                throw EcsErrors.client(at.field("configuredAtLaunch") + " is set on a second volume; at most one volume per "
                        + "task definition can be configured at launch.");
            }
            JsonNode efs = volume.get("efsVolumeConfiguration");
            if (efs != null && (text(efs, "fileSystemId") == null || text(efs, "fileSystemId").isEmpty())) {
                throw EcsErrors.client(at.field("efsVolumeConfiguration").field("fileSystemId") + " is required.");
            }
        }
        return names;
    }

    private static void checkEssential(Map<String, JsonNode> containers) {
        for (JsonNode container : containers.values()) {
            if (!container.has("essential") || container.get("essential").asBoolean(true)) {
                return;
            }
        }
        throw EcsErrors.client("containerDefinitions must have at least one essential container; every container here sets "
                + "essential to false.");
    }

    private static void checkReferences(JsonNode request, Map<String, JsonNode> containers) {
        JsonNode proxy = request.get("proxyConfiguration");
        if (proxy != null && !proxy.isNull() && !containers.containsKey(text(proxy, "containerName"))) {
            throw EcsErrors.client("proxyConfiguration.containerName must name a container of this task definition; got '"
                    + Messages.abbreviate(text(proxy, "containerName")) + "'.");
        }
        int i = 0;
        for (JsonNode container : containers.values()) {
            String driver = text(container.path("logConfiguration"), "logDriver");
            if ("awsfirelens".equals(driver)
                    && containers.values().stream().noneMatch(c -> has(c, "firelensConfiguration"))) {
                throw EcsErrors.client("containerDefinitions[" + i + "].logConfiguration.logDriver is awsfirelens, but no "
                        + "container of this task definition has a firelensConfiguration.");
            }
            i++;
        }
    }

    private static void checkResources(Map<String, JsonNode> containers, Integer taskCpu, Integer taskMemory,
                                       boolean fargate) {
        if (taskCpu != null && !fargate && (taskCpu < 128 || taskCpu > 196608)) {
            throw EcsErrors.client("cpu must be between 128 and 196608 CPU units (0.125 to 192 vCPU); got " + taskCpu + ".");
        }
        if (taskMemory != null && taskMemory < ContainerRules.MINIMUM_MEMORY_MIB) {
            throw EcsErrors.client("memory must be at least " + ContainerRules.MINIMUM_MEMORY_MIB + " MiB; got "
                    + taskMemory + ".");
        }
        long cpuSum = 0;
        long reservedSum = 0;
        int i = 0;
        for (Map.Entry<String, JsonNode> entry : containers.entrySet()) {
            FieldPath at = FieldPath.of("containerDefinitions").index(i++);
            JsonNode container = entry.getValue();
            Integer memory = integer(container, "memory");
            Integer reservation = integer(container, "memoryReservation");
            if (taskMemory == null && memory == null && reservation == null) {
                throw EcsErrors.client(at.field("memory") + ": invalid setting for container '" + entry.getKey()
                        + "'. At least one of 'memory' or 'memoryReservation' must be specified when the task "
                        + "definition sets no task-level memory.");
            }
            if (taskMemory != null && memory != null && memory > taskMemory) {
                throw EcsErrors.client(at.field("memory") + " (" + memory + " MiB) exceeds the task's memory ("
                        + taskMemory + " MiB).");
            }
            cpuSum += container.path("cpu").asInt(0);
            reservedSum += reservation != null ? reservation : memory != null ? memory : 0;
        }
        if (taskCpu != null && cpuSum > taskCpu) {
            throw EcsErrors.client("containerDefinitions[*].cpu add up to " + cpuSum
                    + " CPU units, more than the task's cpu (" + taskCpu + ").");
        }
        if (taskMemory != null && reservedSum > taskMemory) {
            throw EcsErrors.client("containerDefinitions[*].memoryReservation (or memory) add up to " + reservedSum
                    + " MiB, more than the task's memory (" + taskMemory + " MiB).");
        }
    }

    private static void checkTaskOptions(JsonNode request) {
        JsonNode constraints = request.get("placementConstraints");
        if (constraints != null && constraints.size() > MAX_PLACEMENT_CONSTRAINTS) {
            throw EcsErrors.client("placementConstraints lists " + constraints.size() + "; at most "
                    + MAX_PLACEMENT_CONSTRAINTS + " are allowed.");
        }
        for (int i = 0; constraints != null && i < constraints.size(); i++) {
            JsonNode constraint = constraints.get(i);
            String expression = text(constraint, "expression");
            if ("memberOf".equals(text(constraint, "type")) && (expression == null || expression.isBlank())) {
                throw EcsErrors.client("placementConstraints[" + i + "].expression is required for type memberOf.");
            }
        }
        JsonNode storage = request.get("ephemeralStorage");
        if (storage != null && !storage.isNull()) {
            Integer size = integer(storage, "sizeInGiB");
            if (size == null || size < 21 || size > 200) {
                throw EcsErrors.client("ephemeralStorage.sizeInGiB must be between 21 and 200; got " + size + ".");
            }
        }
    }

    private static void checkFargate(JsonNode request, NetworkMode networkMode, Integer cpu, Integer memory) {
        if (networkMode != NetworkMode.AWSVPC) {
            throw EcsErrors.client("networkMode must be 'awsvpc' when requiresCompatibilities includes FARGATE; got '"
                    + networkMode.wire() + "'.");
        }
        if (cpu == null) {
            throw EcsErrors.client("cpu is required at the task level when requiresCompatibilities includes FARGATE.");
        }
        if (memory == null) {
            throw EcsErrors.client("memory is required at the task level when requiresCompatibilities includes FARGATE.");
        }
        if (!FargateSizes.isSupported(cpu, memory)) {
            throw EcsErrors.client("No Fargate configuration exists for the given values: cpu " + cpu + ", memory " + memory
                    + ". See the Fargate task sizes in the ECS documentation.");
        }
        if (has(request, "pidMode") && !"task".equals(text(request, "pidMode"))) {
            throw EcsErrors.client("pidMode must be 'task' on Fargate; got '" + text(request, "pidMode") + "'.");
        }
        if (has(request, "ipcMode")) {
            throw EcsErrors.client("ipcMode is not supported on Fargate.");
        }
        if (request.has("placementConstraints") && !request.get("placementConstraints").isEmpty()) {
            throw EcsErrors.client("placementConstraints are not supported on Fargate.");
        }
        int i = 0;
        for (JsonNode volume : list(request, "volumes")) {
            if (has(volume.path("host"), "sourcePath")) {
                throw EcsErrors.client("volumes[" + i + "].host.sourcePath is not supported on Fargate.");
            }
            if (has(volume, "dockerVolumeConfiguration")) {
                throw EcsErrors.client("volumes[" + i + "].dockerVolumeConfiguration is not supported on Fargate.");
            }
            i++;
        }
    }

    /** Whether the definition would also pass the Fargate rules, so compatibilities can list FARGATE. */
    private static boolean fitsFargate(ObjectNode request, Map<String, JsonNode> containers, ContainerRules.TaskScope scope,
                                       Integer cpu, Integer memory) {
        if (scope.fargate()) {
            return true; // required, so every Fargate rule has already been checked
        }
        if (scope.networkMode() != NetworkMode.AWSVPC || cpu == null || memory == null) {
            return false;
        }
        ContainerRules.TaskScope asFargate =
                new ContainerRules.TaskScope(scope.networkMode(), true, scope.volumeNames(), scope.containerNames());
        try {
            checkFargate(request, scope.networkMode(), cpu, memory);
            for (JsonNode container : containers.values()) {
                ContainerRules.check(container, FieldPath.of("containerDefinitions"), asFargate);
            }
            return true;
        } catch (ApiException notFargate) {
            return false;
        }
    }

    private static ObjectNode normalise(ObjectNode request, NetworkMode networkMode, Integer cpu, Integer memory,
                                        boolean fitsFargate) {
        ObjectNode definition = JsonNodeFactory.instance.objectNode();
        for (String field : TASK_FIELDS) {
            switch (field) {
                case "containerDefinitions" -> definition.set(field, normaliseContainers(request, networkMode));
                case "volumes", "placementConstraints" -> definition.set(field,
                        request.hasNonNull(field) ? request.get(field).deepCopy() : JsonNodeFactory.instance.arrayNode());
                case "requiresAttributes" -> definition.set(field, RequiredCapabilities.requiresAttributes(request, networkMode));
                case "compatibilities" -> definition.set(field,
                        RequiredCapabilities.compatibilities(networkMode, fitsFargate));
                case "cpu" -> {
                    if (cpu != null) {
                        definition.put(field, Integer.toString(cpu));
                    }
                }
                case "memory" -> {
                    if (memory != null) {
                        definition.put(field, Integer.toString(memory));
                    }
                }
                default -> {
                    if (request.hasNonNull(field)) {
                        definition.set(field, request.get(field).deepCopy());
                    }
                }
            }
        }
        return definition;
    }

    private static ArrayNode normaliseContainers(ObjectNode request, NetworkMode networkMode) {
        ArrayNode containers = JsonNodeFactory.instance.arrayNode();
        for (JsonNode given : request.get("containerDefinitions")) {
            ObjectNode container = given.deepCopy();
            container.putIfAbsent("cpu", JsonNodeFactory.instance.numberNode(0));
            if (!container.has("portMappings")) {
                container.putArray("portMappings");
            }
            for (JsonNode mapping : container.get("portMappings")) {
                ObjectNode portMapping = (ObjectNode) mapping;
                if (networkMode.hostPortIsContainerPort() && portMapping.has("containerPort")
                        && (!portMapping.hasNonNull("hostPort") || portMapping.get("hostPort").asInt() == 0)) {
                    portMapping.put("hostPort", portMapping.get("containerPort").asInt());
                }
                portMapping.putIfAbsent("protocol", JsonNodeFactory.instance.textNode("tcp"));
            }
            container.putIfAbsent("essential", JsonNodeFactory.instance.booleanNode(true));
            for (String list : new String[] {"environment", "mountPoints", "volumesFrom"}) {
                if (!container.has(list)) {
                    container.putArray(list);
                }
            }
            containers.add(container);
        }
        return containers;
    }
}
