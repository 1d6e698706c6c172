package dev.berth.ecs.service;

import dev.berth.domain.arn.Arn;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.validation.Names;

/** Reads a {@code service} parameter: a name, or an ARN in the long (service/cluster/name) or short (service/name) form. */
public final class ServiceReference {
    private ServiceReference() {
    }

    public static String name(String field, String reference) {
        if (reference != null && Arn.looksLikeArn(reference)) {
            Arn arn = Arn.parse(reference)
                    .filter(parsed -> parsed.service().equals("ecs") && parsed.resourceType().equals("service"))
                    .orElseThrow(() -> EcsErrors.invalidParameter(field + ": '" + reference + "' is not a service ARN."));
            String path = arn.resourcePath();
            return Names.require(field, path.substring(path.lastIndexOf('/') + 1));
        }
        return Names.require(field, reference);
    }
}
