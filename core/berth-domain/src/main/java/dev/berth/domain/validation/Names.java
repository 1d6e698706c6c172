package dev.berth.domain.validation;

import dev.berth.domain.error.EcsErrors;
import java.util.regex.Pattern;

/** The ECS naming rule shared by clusters, families, containers, volumes and services. */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");

    private Names() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Throws ClientException naming {@code field} unless {@code name} is 1-255 letters, digits, '-' or '_'. */
    public static String require(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw EcsErrors.client(field + " must not be empty.");
        }
        if (!isValid(name)) {
            throw EcsErrors.client(field + " must be 1 to 255 letters, numbers, hyphens or underscores; got '"
                    + Messages.abbreviate(name) + "'.");
        }
        return name;
    }
}
