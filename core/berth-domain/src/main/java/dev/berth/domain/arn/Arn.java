package dev.berth.domain.arn;

import java.util.Objects;
import java.util.Optional;

/**
 * An Amazon Resource Name: {@code arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE}.
 *
 * <p>Berth is one region that answers to any region name: ARNs are rendered with the caller's
 * region (from its SigV4 credential scope) and resources are found by the resource part alone.
 */
public record Arn(String partition, String service, String region, String account, String resource) {
    public Arn {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(resource, "resource");
    }

    /** Parses an ARN; the resource part may itself contain colons (task-definition/web:3). */
    public static Optional<Arn> parse(String text) {
        if (text == null || !text.startsWith("arn:")) {
            return Optional.empty();
        }
        String[] parts = text.split(":", 6);
        if (parts.length < 6 || parts[1].isEmpty() || parts[2].isEmpty() || parts[5].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]));
    }

    public static boolean looksLikeArn(String text) {
        return text != null && text.startsWith("arn:");
    }

    /** The resource type: the text before the first '/' of the resource part ("cluster"). */
    public String resourceType() {
        int slash = resource.indexOf('/');
        return slash < 0 ? resource : resource.substring(0, slash);
    }

    /** The resource part after the type and its '/' ("default" for "cluster/default"). */
    public String resourcePath() {
        int slash = resource.indexOf('/');
        return slash < 0 ? "" : resource.substring(slash + 1);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }
}
