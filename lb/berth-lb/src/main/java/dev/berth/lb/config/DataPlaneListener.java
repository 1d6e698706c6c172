package dev.berth.lb.config;

/**
 * What the data plane tells the control plane. Called from data-plane threads; implementations
 * must not block them (hand work to another thread).
 */
public interface DataPlaneListener {
    /** A target's health changed (only on a change, never repeated). */
    void healthChanged(String targetGroupArn, String targetKey, TargetHealth health);

    /**
     * A draining target has no request in flight any more (or its deregistration delay ran out):
     * its deregistration is complete and its task may stop.
     */
    void drained(String targetGroupArn, String targetKey);
}
