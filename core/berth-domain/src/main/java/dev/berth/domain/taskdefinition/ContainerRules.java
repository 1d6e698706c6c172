package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.JsonFields.has;
import static dev.berth.domain.taskdefinition.JsonFields.integer;
import static dev.berth.domain.taskdefinition.JsonFields.list;
import static dev.berth.domain.taskdefinition.JsonFields.size;
import static dev.berth.domain.taskdefinition.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Messages;
import dev.berth.domain.validation.Names;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for one container definition that need only the container and what the task declares
 * (network mode, volumes, the other containers' names). Stateless.
 */
final class ContainerRules {
    static final int MINIMUM_MEMORY_MIB = 6;
    private static final Pattern IMAGE = Pattern.compile("[a-zA-Z0-9\\-_:./#]+(@sha256:[a-f0-9]{64})?");
    private static final Pattern ENVIRONMENT_FILE = Pattern.compile("arn:aws[a-z-]*:s3:::[^/]+/.+\\.env");

    private ContainerRules() {
    }

    /** What the task around a container declares. */
    record TaskScope(NetworkMode networkMode, boolean fargate, Set<String> volumeNames, Set<String> containerNames) {
    }

    static void check(JsonNode container, FieldPath at, TaskScope task) {
        String name = text(container, "name");
        Names.require(at.field("name").toString(), name);
        checkImage(container, at);
        checkMemory(container, at);
        if (has(container, "healthCheck")) {
            HealthCheckRules.check(container.get("healthCheck"), at.field("healthCheck"));
        }
        if (has(container, "logConfiguration")) {
            LogConfigurationRules.check(container.get("logConfiguration"), at.field("logConfiguration"), task.fargate());
        }
        checkMounts(container, at, task);
        checkLinks(container, at, name, task);
        checkEnvironment(container, at);
        checkSecrets(container, at);
        checkLimits(container, at);
        checkNetworking(container, at, task);
        checkFargate(container, at, task);
    }

    private static void checkImage(JsonNode container, FieldPath at) {
        String image = text(container, "image");
        if (image == null || image.isEmpty()) {
            throw EcsErrors.client(at.field("image") + " is required.");
        }
        int digest = image.indexOf('@');
        if ((digest < 0 ? image.length() : digest) > 255 || !IMAGE.matcher(image).matches()) {
            throw EcsErrors.client(at.field("image") + " must be an image reference such as 'repo/name:tag' or "
                    + "'repo/name@sha256:<64 hex>' of up to 255 letters, numbers and - _ : . / #; got '"
                    + Messages.abbreviate(image) + "'.");
        }
    }

    private static void checkMemory(JsonNode container, FieldPath at) {
        Integer memory = integer(container, "memory");
        Integer reservation = integer(container, "memoryReservation");
        if (memory != null && memory < MINIMUM_MEMORY_MIB) {
            throw EcsErrors.client(at.field("memory") + " must be at least " + MINIMUM_MEMORY_MIB
                    + " MiB (Docker's minimum); got " + memory + ".");
        }
        if (reservation != null && reservation < MINIMUM_MEMORY_MIB) {
            throw EcsErrors.client(at.field("memoryReservation") + " must be at least " + MINIMUM_MEMORY_MIB
                    + " MiB; got " + reservation + ".");
        }
        if (memory != null && reservation != null && reservation > memory) {
            throw EcsErrors.client(at.field("memoryReservation") + " (" + reservation
                    + " MiB) must not exceed memory (" + memory + " MiB).");
        }
        Integer cpu = integer(container, "cpu");
        if (cpu != null && (cpu < 0 || cpu > 196608)) {
            throw EcsErrors.client(at.field("cpu") + " must be between 0 and 196608 CPU units; got " + cpu + ".");
        }
    }

    private static void checkMounts(JsonNode container, FieldPath at, TaskScope task) {
        Set<String> containerPaths = new HashSet<>();
        int i = 0;
        for (JsonNode mount : list(container, "mountPoints")) {
            FieldPath mountPath = at.field("mountPoints").index(i++);
            String source = text(mount, "sourceVolume");
            if (source == null || source.isEmpty()) {
                throw EcsErrors.client(mountPath.field("sourceVolume") + " is required.");
            }
            if (!task.volumeNames().contains(source)) {
                throw EcsErrors.client(mountPath.field("sourceVolume") + " names '" + Messages.abbreviate(source)
                        + "', which is not a volume of this task definition.");
            }
            String containerPath = text(mount, "containerPath");
            if (containerPath == null || containerPath.isEmpty()) {
                throw EcsErrors.client(mountPath.field("containerPath") + " is required.");
            }
            if (!containerPaths.add(containerPath)) {
                throw EcsErrors.client(mountPath.field("containerPath") + " mounts '" + Messages.abbreviate(containerPath)
                        + "' a second time in the same container.");
            }
        }
        i = 0;
        for (JsonNode from : list(container, "volumesFrom")) {
            FieldPath fromPath = at.field("volumesFrom").index(i++);
            String source = text(from, "sourceContainer");
            if (source == null || !task.containerNames().contains(source)) {
                throw EcsErrors.client(fromPath.field("sourceContainer") + " must name another container of this task; got '"
                        + Messages.abbreviate(source) + "'.");
            }
            if (source.equals(text(container, "name"))) {
                throw EcsErrors.client(fromPath.field("sourceContainer") + " names the container itself.");
            }
        }
    }

    private static void checkLinks(JsonNode container, FieldPath at, String name, TaskScope task) {
        if (size(container, "links") == 0) {
            return;
        }
        if (task.networkMode() != NetworkMode.BRIDGE) {
            throw EcsErrors.client(at.field("links") + " are supported only in network mode 'bridge'; this task uses '"
                    + task.networkMode().wire() + "'.");
        }
        int i = 0;
        for (JsonNode link : list(container, "links")) {
            FieldPath linkPath = at.field("links").index(i++);
            String target = link.asText().split(":", 2)[0];
            if (!task.containerNames().contains(target) || target.equals(name)) {
                throw EcsErrors.client(linkPath + " must be 'name' or 'name:alias' naming another container of this task; got '"
                        + Messages.abbreviate(link.asText()) + "'.");
            }
        }
    }

    private static void checkEnvironment(JsonNode container, FieldPath at) {
        int i = 0;
        for (JsonNode variable : list(container, "environment")) {
            String variableName = text(variable, "name");
            if (variableName == null || variableName.isEmpty()) {
                throw EcsErrors.client(at.field("environment").index(i).field("name") + " is required.");
            }
            i++;
        }
        if (size(container, "environmentFiles") > 10) {
            throw EcsErrors.client(at.field("environmentFiles") + " may list at most 10 files.");
        }
        i = 0;
        for (JsonNode file : list(container, "environmentFiles")) {
            String value = text(file, "value");
            if (value == null || !ENVIRONMENT_FILE.matcher(value).matches()) {
                throw EcsErrors.client(at.field("environmentFiles").index(i).field("value")
                        + " must be the ARN of an S3 object ending in .env, e.g. arn:aws:s3:::bucket/app.env; got '"
                        + Messages.abbreviate(value) + "'.");
            }
            i++;
        }
    }

    private static void checkSecrets(JsonNode container, FieldPath at) {
        Map<String, FieldPath> names = new HashMap<>();
        int i = 0;
        for (JsonNode secret : list(container, "secrets")) {
            FieldPath secretPath = at.field("secrets").index(i++);
            String secretName = text(secret, "name");
            if (secretName == null || secretName.isEmpty()) {
                throw EcsErrors.client(secretPath.field("name") + " is required.");
            }
            FieldPath earlier = names.putIfAbsent(secretName, secretPath.field("name"));
            if (earlier != null) {
                throw EcsErrors.client(secretPath.field("name") + " repeats '" + Messages.abbreviate(secretName) + "' of " + earlier + ".");
            }
            SecretReferences.validate(secretPath.field("valueFrom"), text(secret, "valueFrom"));
        }
        if (has(container, "repositoryCredentials")) {
            FieldPath credentials = at.field("repositoryCredentials").field("credentialsParameter");
            String parameter = text(container.get("repositoryCredentials"), "credentialsParameter");
            if (parameter == null || parameter.isEmpty()) {
                throw EcsErrors.client(credentials + " is required.");
            }
        }
    }

    private static void checkLimits(JsonNode container, FieldPath at) {
        Set<String> ulimitNames = new HashSet<>();
        int i = 0;
        for (JsonNode ulimit : list(container, "ulimits")) {
            FieldPath ulimitPath = at.field("ulimits").index(i++);
            Integer soft = integer(ulimit, "softLimit");
            Integer hard = integer(ulimit, "hardLimit");
            if (soft == null || hard == null) {
                throw EcsErrors.client(ulimitPath + " needs both softLimit and hardLimit.");
            }
            if (soft > hard) {
                throw EcsErrors.client(ulimitPath.field("softLimit") + " (" + soft + ") must not exceed hardLimit ("
                        + hard + ").");
            }
            if (!ulimitNames.add(text(ulimit, "name"))) {
                throw EcsErrors.client(ulimitPath.field("name") + " sets '" + text(ulimit, "name") + "' twice.");
            }
        }
        nonNegative(container, at, "startTimeout");
        nonNegative(container, at, "stopTimeout");
        JsonNode restart = container.get("restartPolicy");
        if (restart != null && !restart.isNull()) {
            Integer period = integer(restart, "restartAttemptPeriod");
            if (period != null && (period < 60 || period > 1800)) {
                throw EcsErrors.client(at.field("restartPolicy").field("restartAttemptPeriod")
                        + " must be between 60 and 1800 seconds; got " + period + ".");
            }
            if (size(restart, "ignoredExitCodes") > 50) {
                throw EcsErrors.client(at.field("restartPolicy").field("ignoredExitCodes") + " may list at most 50 codes.");
            }
        }
        JsonNode linux = container.get("linuxParameters");
        if (linux != null && !linux.isNull()) {
            FieldPath linuxPath = at.field("linuxParameters");
            Integer swappiness = integer(linux, "swappiness");
            if (swappiness != null && (swappiness < 0 || swappiness > 100)) {
                throw EcsErrors.client(linuxPath.field("swappiness") + " must be between 0 and 100; got " + swappiness + ".");
            }
            nonNegative(linux, linuxPath, "maxSwap");
            Integer shm = integer(linux, "sharedMemorySize");
            if (shm != null && shm <= 0) {
                throw EcsErrors.client(linuxPath.field("sharedMemorySize") + " must be a positive number of MiB; got " + shm + ".");
            }
            int t = 0;
            for (JsonNode tmpfs : list(linux, "tmpfs")) {
                Integer tmpfsSize = integer(tmpfs, "size");
                if (tmpfsSize == null || tmpfsSize <= 0) {
                    throw EcsErrors.client(linuxPath.field("tmpfs").index(t).field("size")
                            + " must be a positive number of MiB.");
                }
                t++;
            }
        }
        if (size(container, "credentialSpecs") > 1) {
            throw EcsErrors.client(at.field("credentialSpecs") + " may hold at most one credential spec.");
        }
    }

    private static void checkNetworking(JsonNode container, FieldPath at, TaskScope task) {
        if (task.networkMode() == NetworkMode.AWSVPC) {
            if (has(container, "hostname")) {
                throw EcsErrors.client(at.field("hostname") + " is not supported in network mode 'awsvpc'.");
            }
            if (size(container, "extraHosts") > 0) {
                throw EcsErrors.client(at.field("extraHosts") + " are not supported in network mode 'awsvpc'.");
            }
        }
        if (task.networkMode() == NetworkMode.HOST && has(container, "hostname")) {
            throw EcsErrors.client(at.field("hostname") + " is not supported in network mode 'host'.");
        }
        int i = 0;
        for (JsonNode host : list(container, "extraHosts")) {
            if (text(host, "hostname") == null || text(host, "ipAddress") == null) {
                throw EcsErrors.client(at.field("extraHosts").index(i) + " needs both hostname and ipAddress.");
            }
            i++;
        }
        JsonNode labels = container.get("dockerLabels");
        if (labels != null && labels.properties().stream().anyMatch(e -> e.getKey().isEmpty())) {
            throw EcsErrors.client(at.field("dockerLabels") + " has an empty label name.");
        }
    }

    private static void checkFargate(JsonNode container, FieldPath at, TaskScope task) {
        if (!task.fargate()) {
            return;
        }
        if (container.path("privileged").asBoolean(false)) {
            throw EcsErrors.client(at.field("privileged") + " is not supported on Fargate.");
        }
        if (size(container, "links") > 0) {
            throw EcsErrors.client(at.field("links") + " are not supported on Fargate.");
        }
        for (String field : new String[] {"startTimeout", "stopTimeout"}) {
            Integer value = integer(container, field);
            if (value != null && (value < 2 || value > 120)) {
                throw EcsErrors.client(at.field(field) + " must be between 2 and 120 seconds on Fargate; got " + value + ".");
            }
        }
    }

    private static void nonNegative(JsonNode node, FieldPath at, String field) {
        Integer value = integer(node, field);
        if (value != null && value < 0) {
            throw EcsErrors.client(at.field(field) + " must not be negative; got " + value + ".");
        }
    }
}
