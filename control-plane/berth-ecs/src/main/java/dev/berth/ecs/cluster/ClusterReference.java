package dev.berth.ecs.cluster;

import dev.berth.domain.arn.Arn;
import dev.berth.domain.error.EcsErrors;

/** Reads the {@code cluster} parameter of any ECS operation: a name or an ARN, {@code default} when absent. */
public final class ClusterReference {
    public static final String DEFAULT = "default";

    private ClusterReference() {
    }

    public static String name(String reference) {
        if (reference == null || reference.isEmpty()) {
            return DEFAULT;
        }
        if (!Arn.looksLikeArn(reference)) {
            return reference;
        }
        Arn arn = Arn.parse(reference)
                .filter(parsed -> parsed.service().equals("ecs") && parsed.resourceType().equals("cluster"))
                .orElseThrow(() -> EcsErrors.invalidParameter("'" + reference + "' is not a cluster ARN."));
        return arn.resourcePath();
    }
}
