package dev.berth.ecs.instance;

import dev.berth.domain.arn.Arn;
import dev.berth.domain.error.EcsErrors;

/** A {@code containerInstance} parameter: an id or an ARN (long format, or the legacy one without cluster). */
public final class InstanceReference {
    private InstanceReference() {
    }

    public static String instanceId(String reference) {
        if (reference == null || reference.isEmpty()) {
            throw EcsErrors.invalidParameter("containerInstance is required.");
        }
        if (!Arn.looksLikeArn(reference)) {
            return reference;
        }
        Arn arn = Arn.parse(reference)
                .filter(parsed -> parsed.resourceType().equals("container-instance"))
                .orElseThrow(() -> EcsErrors.invalidParameter("'" + reference + "' is not a container instance ARN."));
        String path = arn.resourcePath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
