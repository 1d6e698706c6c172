package dev.berth.lb.config;

/** ELB's target health states, as the data plane knows them. */
public enum HealthState {
    INITIAL("initial"), HEALTHY("healthy"), UNHEALTHY("unhealthy"), DRAINING("draining"), UNUSED("unused"),
    UNAVAILABLE("unavailable");

    private final String wire;

    HealthState(String wire) {
        this.wire = wire;
    }

    /** The value ELB's API shows, e.g. {@code healthy}. */
    public String wire() {
        return wire;
    }
}
