package dev.berth.lb.config;

/**
 * A registered target.
 *
 * @param id the target id as registered (an instance id or an IP address)
 * @param host where to connect
 * @param port the traffic port
 * @param draining deregistered: no new requests, in-flight ones finish
 * @param lastKnown the health last reported for it (so a restarted data plane does not send a
 *     healthy target back to {@code initial}); {@link HealthState#INITIAL} for a new target
 */
public record TargetSpec(String id, String host, int port, boolean draining, HealthState lastKnown) {
    /** The key a target is known by within its group: ELB identifies a target by id and port. */
    public String key() {
        return id + ":" + port;
    }
}
