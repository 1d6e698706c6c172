package dev.berth.scheduler;

import java.util.Objects;

/** One instance that could not take a copy, and the first check it failed. */
public record Rejection(String instanceId, Reason reason) {
    public Rejection {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(reason, "reason");
    }
}
