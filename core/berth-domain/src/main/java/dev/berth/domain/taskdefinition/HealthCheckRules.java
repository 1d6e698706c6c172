package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.JsonFields.integer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Messages;

/** A container's {@code healthCheck}: a CMD or CMD-SHELL command (or NONE) and the ECS ranges of its timings. */
final class HealthCheckRules {
    private HealthCheckRules() {
    }

    static void check(JsonNode healthCheck, FieldPath at) {
        JsonNode command = healthCheck.get("command");
        if (command == null || command.isEmpty()) {
            throw EcsErrors.client(at.field("command") + " is required, e.g. [\"CMD-SHELL\", \"wget -q -O- localhost/ || exit 1\"].");
        }
        String kind = command.get(0).asText();
        if (!kind.equals("CMD") && !kind.equals("CMD-SHELL") && !kind.equals("NONE")) {
            throw EcsErrors.client(at.field("command").index(0) + " must be CMD, CMD-SHELL or NONE; got '" + Messages.abbreviate(kind) + "'.");
        }
        if (!kind.equals("NONE") && command.size() < 2) {
            throw EcsErrors.client(at.field("command") + " names " + kind + " but no command to run after it.");
        }
        range(healthCheck, at, "interval", 5, 300);
        range(healthCheck, at, "timeout", 2, 60);
        range(healthCheck, at, "retries", 1, 10);
        range(healthCheck, at, "startPeriod", 0, 300);
    }

    private static void range(JsonNode node, FieldPath at, String field, int lowest, int highest) {
        Integer value = integer(node, field);
        if (value != null && (value < lowest || value > highest)) {
            throw EcsErrors.client(at.field(field) + " must be between " + lowest + " and " + highest + "; got "
                    + value + ".");
        }
    }
}
