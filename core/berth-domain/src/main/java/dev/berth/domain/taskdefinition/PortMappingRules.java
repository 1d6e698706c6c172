package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.JsonFields.integer;
import static dev.berth.domain.taskdefinition.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Messages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Port mappings across the whole task: ranges, what each network mode allows, and no port
 * claimed twice (within a container for a container port, across the task for a host port).
 * One instance per task definition; not thread-safe.
 */
final class PortMappingRules {
    private static final Pattern RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final int MAX_RANGES_PER_CONTAINER = 100;

    private final NetworkMode networkMode;
    private final Map<String, FieldPath> hostPortsInTask = new HashMap<>();
    private final Map<String, FieldPath> namesInTask = new HashMap<>();

    PortMappingRules(NetworkMode networkMode) {
        this.networkMode = networkMode;
    }

    void check(JsonNode container, FieldPath containerPath) {
        JsonNode mappings = container.get("portMappings");
        if (mappings == null || mappings.isEmpty()) {
            return;
        }
        FieldPath listPath = containerPath.field("portMappings");
        if (networkMode == NetworkMode.NONE) {
            throw EcsErrors.client(listPath + " must be empty: network mode 'none' exposes no ports.");
        }
        Map<String, FieldPath> containerPorts = new HashMap<>();
        Map<Integer, FieldPath> singlePorts = new HashMap<>();
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) {
            JsonNode mapping = mappings.get(i);
            FieldPath at = listPath.index(i);
            String protocol = text(mapping, "protocol") == null ? "tcp" : text(mapping, "protocol");
            String range = text(mapping, "containerPortRange");
            if (range != null) {
                ranges.add(checkRange(mapping, at, range));
            } else {
                checkSinglePort(mapping, at, protocol, containerPorts);
                singlePorts.put(mapping.get("containerPort").asInt(), at.field("containerPort"));
            }
            checkName(mapping, at);
        }
        if (ranges.size() > MAX_RANGES_PER_CONTAINER) {
            throw EcsErrors.client(listPath + " has " + ranges.size() + " port ranges; at most "
                    + MAX_RANGES_PER_CONTAINER + " are allowed per container.");
        }
        checkOverlaps(ranges, listPath);
        for (Map.Entry<Integer, FieldPath> single : singlePorts.entrySet()) {
            for (int[] range : ranges) {
                if (single.getKey() >= range[0] && single.getKey() <= range[1]) {
                    throw EcsErrors.client(single.getValue() + " maps port " + single.getKey() + ", which the range "
                            + range[0] + "-" + range[1] + " of the same container already maps.");
                }
            }
        }
    }

    private void checkSinglePort(JsonNode mapping, FieldPath at, String protocol,
                                 Map<String, FieldPath> containerPorts) {
        Integer containerPort = integer(mapping, "containerPort");
        if (containerPort == null) {
            throw EcsErrors.client(at.field("containerPort") + " is required unless containerPortRange is given.");
        }
        checkPort(at.field("containerPort"), containerPort, 1);
        Integer hostPort = integer(mapping, "hostPort");
        if (hostPort != null) {
            checkPort(at.field("hostPort"), hostPort, 0);
        }
        if (networkMode.hostPortIsContainerPort() && hostPort != null && hostPort != 0
                && !hostPort.equals(containerPort)) {
            throw EcsErrors.client(at.field("hostPort") + " must equal containerPort (" + containerPort
                    + ") or be left out in network mode '" + networkMode.wire() + "'; got " + hostPort + ".");
        }
        FieldPath earlier = containerPorts.putIfAbsent(containerPort + "/" + protocol, at.field("containerPort"));
        if (earlier != null) {
            throw EcsErrors.client(at.field("containerPort") + " maps container port " + containerPort + "/" + protocol
                    + " again; " + earlier + " already maps it.");
        }
        int effectiveHostPort = networkMode.hostPortIsContainerPort() ? containerPort
                : hostPort == null ? 0 : hostPort;
        if (effectiveHostPort != 0) {
            FieldPath claimed = hostPortsInTask.putIfAbsent(effectiveHostPort + "/" + protocol, at);
            if (claimed != null) {
                throw EcsErrors.client(at + " uses host port " + effectiveHostPort + "/" + protocol
                        + ", which " + claimed + " already uses; a host port can serve one container.");
            }
        }
    }

    private int[] checkRange(JsonNode mapping, FieldPath at, String range) {
        FieldPath field = at.field("containerPortRange");
        if (networkMode != NetworkMode.AWSVPC && networkMode != NetworkMode.BRIDGE) {
            throw EcsErrors.client(field + " is supported only in network modes 'awsvpc' and 'bridge'.");
        }
        if (mapping.hasNonNull("containerPort") || mapping.hasNonNull("hostPort")) {
            throw EcsErrors.client(at + " gives containerPortRange together with containerPort or hostPort; "
                    + "give one or the other.");
        }
        Matcher m = RANGE.matcher(range);
        if (!m.matches()) {
            throw EcsErrors.client(field + " must look like \"8000-8010\"; got '" + Messages.abbreviate(range) + "'.");
        }
        int first = Integer.parseInt(m.group(1));
        int last = Integer.parseInt(m.group(2));
        checkPort(field, first, 1);
        checkPort(field, last, 1);
        if (first >= last) {
            throw EcsErrors.client(field + " must start below where it ends; got '" + range + "'.");
        }
        return new int[] {first, last};
    }

    private static void checkOverlaps(List<int[]> ranges, FieldPath listPath) {
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i)[0] <= ranges.get(i - 1)[1]) {
                throw EcsErrors.client(listPath + " has overlapping port ranges " + ranges.get(i - 1)[0] + "-"
                        + ranges.get(i - 1)[1] + " and " + ranges.get(i)[0] + "-" + ranges.get(i)[1] + ".");
            }
        }
    }

    private void checkName(JsonNode mapping, FieldPath at) {
        String name = text(mapping, "name");
        if (name == null) {
            return;
        }
        if (!PORT_NAME.matcher(name).matches()) {
            throw EcsErrors.client(at.field("name") + " must be 1 to 64 lowercase letters, numbers, '_' or '-', "
                    + "not starting with '-' or '_'; got '" + Messages.abbreviate(name) + "'.");
        }
        FieldPath earlier = namesInTask.putIfAbsent(name, at.field("name"));
        if (earlier != null) {
            throw EcsErrors.client(at.field("name") + " repeats the port name '" + name + "' of " + earlier + ".");
        }
    }

    private static void checkPort(FieldPath field, int port, int lowest) {
        if (port < lowest || port > 65535) {
            throw EcsErrors.client(field + " must be between " + lowest + " and 65535; got " + port + ".");
        }
    }
}
