package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.JsonFields.has;
import static dev.berth.domain.taskdefinition.JsonFields.list;
import static dev.berth.domain.taskdefinition.JsonFields.size;
import static dev.berth.domain.taskdefinition.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.domain.arn.Arn;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a task definition needs of the instance that runs it, as ECS computes
 * {@code requiresAttributes}, and which launch types it fits ({@code compatibilities}).
 * The scheduler later matches these names against instance attributes.
 */
final class RequiredCapabilities {
    private RequiredCapabilities() {
    }

    static ArrayNode requiresAttributes(JsonNode definition, NetworkMode networkMode) {
        Set<String> names = new LinkedHashSet<>();
        boolean executionRole = has(definition, "executionRoleArn");
        if (has(definition, "taskRoleArn")) {
            names.add("com.amazonaws.ecs.capability.task-iam-role");
        }
        if (networkMode == NetworkMode.AWSVPC) {
            names.add("ecs.capability.task-eni");
        }
        for (JsonNode container : list(definition, "containerDefinitions")) {
            String driver = text(container.path("logConfiguration"), "logDriver");
            if (driver != null) {
                names.add("com.amazonaws.ecs.capability.logging-driver." + driver);
                if (driver.equals("awslogs") && executionRole) {
                    names.add("ecs.capability.execution-role-awslogs");
                }
            }
            if (has(container, "memoryReservation")) {
                names.add("com.amazonaws.ecs.capability.docker-remote-api.1.21");
            }
            if (has(container, "healthCheck")) {
                names.add("ecs.capability.container-health-check");
            }
            if (size(container, "dependsOn") > 0) {
                names.add("ecs.capability.container-ordering");
            }
            for (JsonNode secret : list(container, "secrets")) {
                String valueFrom = text(secret, "valueFrom");
                boolean secretsManager = Arn.parse(valueFrom).map(arn -> arn.service().equals("secretsmanager"))
                        .orElse(false);
                names.add(secretsManager ? "ecs.capability.secrets.asm.environment-variables"
                        : "ecs.capability.secrets.ssm.environment-variables");
            }
            if (has(container, "repositoryCredentials")) {
                names.add("com.amazonaws.ecs.capability.private-registry-authentication.secretsmanager");
            }
            if (size(container, "environmentFiles") > 0) {
                names.add("ecs.capability.env-files.s3");
            }
            if (has(container, "firelensConfiguration")) {
                names.add("ecs.capability.firelens." + text(container.get("firelensConfiguration"), "type"));
            }
        }
        for (JsonNode volume : list(definition, "volumes")) {
            if (has(volume, "efsVolumeConfiguration")) {
                names.add("ecs.capability.efs");
            }
            if (has(volume, "dockerVolumeConfiguration")) {
                names.add("ecs.capability.docker-plugin.local");
            }
        }
        ArrayNode attributes = JsonNodeFactory.instance.arrayNode();
        names.forEach(name -> attributes.addObject().put("name", name));
        return attributes;
    }

    static ArrayNode compatibilities(NetworkMode networkMode, boolean fitsFargate) {
        // The order ECS writes them in: ["EXTERNAL", "EC2"] for a bridge task, ["EC2", "FARGATE"] for awsvpc.
        ArrayNode compatibilities = JsonNodeFactory.instance.arrayNode();
        if (networkMode != NetworkMode.AWSVPC) {
            compatibilities.add("EXTERNAL");
        }
        compatibilities.add("EC2");
        if (fitsFargate) {
            compatibilities.add("FARGATE");
        }
        return compatibilities;
    }
}
