package dev.berth.domain.taskdefinition;

import java.util.Locale;

/** The task's Docker networking mode; {@code bridge} when the definition names none (Linux). */
public enum NetworkMode {
    BRIDGE, HOST, AWSVPC, NONE;

    public static NetworkMode ofWire(String value) {
        return value == null ? BRIDGE : valueOf(value.toUpperCase(Locale.ROOT));
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** In host and awsvpc modes a container port is also the host port. */
    public boolean hostPortIsContainerPort() {
        return this == HOST || this == AWSVPC;
    }
}
