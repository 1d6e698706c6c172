package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Messages;
import java.util.Set;
import java.util.regex.Pattern;

/** A container's {@code logConfiguration}: the driver's required options and what Fargate allows. */
final class LogConfigurationRules {
    private static final Pattern LOG_GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");
    private static final Pattern BUFFER_SIZE = Pattern.compile("\\d+[kKmMgG]?[bB]?");
    private static final Set<String> FARGATE_DRIVERS = Set.of("awslogs", "splunk", "awsfirelens");

    private LogConfigurationRules() {
    }

    static void check(JsonNode logConfiguration, FieldPath at, boolean fargate) {
        String driver = text(logConfiguration, "logDriver");
        if (driver == null) {
            throw EcsErrors.client(at.field("logDriver") + " is required.");
        }
        if (fargate && !FARGATE_DRIVERS.contains(driver)) {
            throw EcsErrors.client(at.field("logDriver") + " is '" + driver
                    + "', which Fargate does not support; use awslogs, splunk or awsfirelens.");
        }
        JsonNode options = logConfiguration.path("options");
        FieldPath optionsPath = at.field("options");
        if (driver.equals("awslogs")) {
            String group = text(options, "awslogs-group");
            if (group == null) {
                throw EcsErrors.client(optionsPath.key("awslogs-group") + " is required by the awslogs log driver.");
            }
            if (!LOG_GROUP.matcher(group).matches()) {
                throw EcsErrors.client(optionsPath.key("awslogs-group")
                        + " must be 1 to 512 of the characters A-Za-z0-9 . - _ / #; got '" + Messages.abbreviate(group) + "'.");
            }
            if (fargate && text(options, "awslogs-stream-prefix") == null) {
                throw EcsErrors.client(optionsPath.key("awslogs-stream-prefix") + " is required on Fargate.");
            }
            oneOf(options, optionsPath, "awslogs-create-group", Set.of("true", "false"));
            oneOf(options, optionsPath, "mode", Set.of("blocking", "non-blocking"));
            String buffer = text(options, "max-buffer-size");
            if (buffer != null && !BUFFER_SIZE.matcher(buffer).matches()) {
                throw EcsErrors.client(optionsPath.key("max-buffer-size") + " must be a size such as \"25m\"; got '"
                        + Messages.abbreviate(buffer) + "'.");
            }
        }
        JsonNode secretOptions = logConfiguration.get("secretOptions");
        for (int i = 0; secretOptions != null && i < secretOptions.size(); i++) {
            FieldPath secretPath = at.field("secretOptions").index(i);
            if (text(secretOptions.get(i), "name") == null || text(secretOptions.get(i), "name").isEmpty()) {
                throw EcsErrors.client(secretPath.field("name") + " is required.");
            }
            SecretReferences.validate(secretPath.field("valueFrom"), text(secretOptions.get(i), "valueFrom"));
        }
    }

    private static void oneOf(JsonNode options, FieldPath optionsPath, String option, Set<String> allowed) {
        String value = text(options, option);
        if (value != null && !allowed.contains(value)) {
            throw EcsErrors.client(optionsPath.key(option) + " must be one of " + String.join(", ", allowed.stream().sorted().toList())
                    + "; got '" + Messages.abbreviate(value) + "'.");
        }
    }
}
