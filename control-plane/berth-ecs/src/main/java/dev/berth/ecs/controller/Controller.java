package dev.berth.ecs.controller;

import java.time.Duration;
import java.time.Instant;

/**
 * A level-triggered control loop: each pass re-reads the store and acts on the difference between
 * what is and what should be; a pass that finds nothing to do writes nothing. Passes must be
 * idempotent: a crash mid-pass is repaired by the next.
 */
public interface Controller {
    String name();

    /** How long to wait between passes when nothing wakes the controller sooner. */
    Duration interval();

    void pass(Instant now);

    /**
     * Whether a change to the store should start a pass at once rather than at the next interval:
     * for controllers that act on what agents and users just wrote.
     */
    default boolean wakesOnChanges() {
        return false;
    }
}
