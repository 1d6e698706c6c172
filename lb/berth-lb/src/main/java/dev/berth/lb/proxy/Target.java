package dev.berth.lb.proxy;

import dev.berth.lb.config.HealthState;
import dev.berth.lb.config.TargetHealth;
import dev.berth.lb.config.TargetSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One registered target as the proxy knows it: its address, its health as last reported, its
 * requests in flight, and on each event loop a pool of keep-alive connections to it. The same
 * object lives across configurations for as long as the target stays registered at the same
 * address, so counters and pooled connections survive an apply.
 */
final class Target {
    final GroupRuntime group;
    final String key;
    final String host;
    final int port;
    final InetSocketAddress address;
    final TargetLoopPool[] pools;

    /** Routing state; written under the group's lock. */
    volatile HealthState state;
    /** System.nanoTime() when it turned healthy from initial (slow start), 0 when not starting. */
    volatile long healthySince;
    volatile boolean draining;
    /** No longer registered: gets nothing new, its pooled connections go. */
    volatile boolean retired;

    /** Guarded by the group's lock. */
    long drainStart;
    TargetHealth lastReported;
    /** For the drain check: in-flight was 0 at the previous look. */
    boolean zeroSeen;

    Target(GroupRuntime group, TargetSpec spec, LoopState[] loops, int perLoopLimit) {
        this.group = group;
        this.key = spec.key();
        this.host = spec.host();
        this.port = spec.port();
        this.address = resolve(spec.host(), spec.port());
        this.state = switch (spec.lastKnown()) {
            case HEALTHY, UNHEALTHY, UNAVAILABLE -> spec.lastKnown();
            default -> HealthState.INITIAL;
        };
        this.lastReported = switch (spec.lastKnown()) {
            case HEALTHY -> TargetHealth.HEALTHY;
            case INITIAL -> TargetHealth.REGISTERING;
            case UNAVAILABLE -> TargetHealth.DISABLED;
            case UNUSED -> TargetHealth.NOT_IN_USE;
            default -> null;
        };
        this.pools = new TargetLoopPool[loops.length];
        for (int i = 0; i < loops.length; i++) {
            pools[i] = new TargetLoopPool(this, loops[i], perLoopLimit);
        }
    }

    /** Requests routed here and not finished, across all event loops. */
    int inFlight() {
        int n = 0;
        for (TargetLoopPool p : pools) {
            n += p.inFlight();
        }
        return n;
    }

    boolean sameAddress(TargetSpec spec) {
        return host.equals(spec.host()) && port == spec.port();
    }

    boolean routableState() {
        HealthState s = state;
        return s == HealthState.HEALTHY || s == HealthState.UNAVAILABLE;
    }

    private static InetSocketAddress resolve(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (Exception e) {
            return InetSocketAddress.createUnresolved(host, port);
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
