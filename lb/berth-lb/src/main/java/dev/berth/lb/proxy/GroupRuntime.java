package dev.berth.lb.proxy;

import dev.berth.lb.config.HealthState;
import dev.berth.lb.config.TargetGroupSpec;
import dev.berth.lb.config.TargetHealth;
import dev.berth.lb.config.TargetSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A target group's live state: its targets (kept across configurations) and, published as one
 * immutable snapshot, the ones a request may go to now. Every change (an apply, a health report,
 * a drain) recomputes the snapshot under the group's lock; choosing a target reads it lock-free.
 */
final class GroupRuntime {
    final String arn;
    final String name;
    private final Engine engine;
    /** Guarded by this. */
    private Map<String, Target> targets = new LinkedHashMap<>();
    /** Keys of targets drained while the configuration still lists them as draining. Guarded by this. */
    private final Set<String> drained = new HashSet<>();
    /** Each event loop's round-robin position, 64 bytes apart (no shared cache line to fight over). */
    private final int[] cursors;

    volatile TargetGroupSpec.Algorithm algorithm = TargetGroupSpec.Algorithm.ROUND_ROBIN;
    volatile long slowStartNanos;
    volatile long deregistrationNanos;
    private volatile Routable routable = new Routable(new Target[0], 0, "has no registered target");

    /** The targets to route to now; slowStartEnd (nanoTime, 0 for none) while any is ramping up. */
    private record Routable(Target[] targets, long slowStartEnd, String cause) {
    }

    GroupRuntime(String arn, Engine engine) {
        this.arn = arn;
        this.name = nameOf(arn);
        this.engine = engine;
        this.cursors = new int[engine.loopCount() * 16 + 16];
    }

    /** A group's name from its ARN (…:targetgroup/NAME/ID), or the ARN. */
    static String nameOf(String arn) {
        int i = arn.indexOf("targetgroup/");
        if (i >= 0) {
            int s = i + "targetgroup/".length();
            int e = arn.indexOf('/', s);
            return e > s ? arn.substring(s, e) : arn.substring(s);
        }
        return arn;
    }

    /** What a 503 says when nothing is routable. */
    String unavailable() {
        return "503 Service Unavailable: target group " + name + " " + routable.cause;
    }

    /**
     * Takes a new spec: keeps the targets that stay, adds new ones, starts draining, retires the
     * removed ones. Returns the targets that started draining (to be reported).
     */
    synchronized List<Target> update(TargetGroupSpec spec, List<Target> retiredOut) {
        algorithm = spec.algorithm();
        slowStartNanos = spec.slowStart() == null ? 0 : spec.slowStart().toNanos();
        deregistrationNanos = spec.deregistrationDelay() == null ? 0 : spec.deregistrationDelay().toNanos();
        List<Target> startedDraining = new ArrayList<>();
        Map<String, Target> next = new LinkedHashMap<>();
        Set<String> stillDrainingKeys = new HashSet<>();
        for (TargetSpec ts : spec.targets()) {
            String key = ts.key();
            if (next.containsKey(key)) {
                continue;
            }
            Target t = targets.get(key);
            if (ts.draining()) {
                stillDrainingKeys.add(key);
                if (t != null && t.sameAddress(ts)) {
                    if (!t.draining) {
                        startDraining(t);
                        startedDraining.add(t);
                    }
                    next.put(key, t);
                } else if (!drained.contains(key)) {
                    t = engine.newTarget(this, ts);
                    startDraining(t);
                    startedDraining.add(t);
                    next.put(key, t);
                }
            } else {
                drained.remove(key);
                if (t != null && (t.draining || !t.sameAddress(ts))) {
                    t = null; // re-registered after draining, or moved: a fresh target
                }
                if (t == null) {
                    t = engine.newTarget(this, ts);
                }
                next.put(key, t);
            }
        }
        for (Target old : targets.values()) {
            if (next.get(old.key) != old) {
                old.retired = true;
                retiredOut.add(old);
            }
        }
        drained.retainAll(stillDrainingKeys);
        targets = next;
        recompute();
        return startedDraining;
    }

    private void startDraining(Target t) {
        t.draining = true;
        t.drainStart = System.nanoTime();
        t.zeroSeen = false;
        t.lastReported = TargetHealth.DRAINING;
    }

    /** Retires every target (the group was removed). */
    synchronized void retireAll(List<Target> retiredOut) {
        for (Target t : targets.values()) {
            t.retired = true;
            retiredOut.add(t);
        }
        targets = new LinkedHashMap<>();
        drained.clear();
        recompute();
    }

    synchronized List<Target> targets() {
        return List.copyOf(targets.values());
    }

    /** A health report from the checker: true when it is news to pass on. */
    synchronized boolean health(String key, TargetHealth health) {
        Target t = targets.get(key);
        if (t == null || t.draining || t.retired) {
            return false;
        }
        HealthState old = t.state;
        HealthState now = health.state();
        t.state = now;
        if (now == HealthState.HEALTHY && old == HealthState.INITIAL && slowStartNanos > 0) {
            t.healthySince = System.nanoTime() | 1;
        } else if (now != HealthState.HEALTHY) {
            t.healthySince = 0;
        }
        boolean news = !health.equals(t.lastReported);
        t.lastReported = health;
        if (old != now) {
            recompute();
        }
        return news;
    }

    /** A draining target is done: forget it, remembering not to drain it again. */
    synchronized void forget(Target t) {
        if (targets.get(t.key) == t) {
            targets.remove(t.key);
            drained.add(t.key);
        }
        t.retired = true;
        recompute();
    }

    synchronized void recompute() {
        List<Target> healthy = new ArrayList<>();
        List<Target> live = new ArrayList<>();
        boolean allUnhealthy = true;
        for (Target t : targets.values()) {
            if (t.draining || t.retired) {
                continue;
            }
            live.add(t);
            if (t.routableState()) {
                healthy.add(t);
            }
            if (t.state != HealthState.UNHEALTHY) {
                allUnhealthy = false;
            }
        }
        String cause;
        List<Target> chosen;
        if (!healthy.isEmpty()) {
            chosen = healthy;
            cause = "has no healthy target";
        } else if (!live.isEmpty() && allUnhealthy) {
            chosen = live; // fail open, as ELB does when every target is unhealthy
            cause = "has no healthy target";
        } else {
            chosen = List.of();
            cause = live.isEmpty()
                    ? (targets.isEmpty() ? "has no registered target" : "has no registered target (all are draining)")
                    : "has no healthy target yet (health checks in progress)";
        }
        long slowStartEnd = 0;
        long now = System.nanoTime();
        if (slowStartNanos > 0 && chosen.size() > 1) {
            for (Target t : chosen) {
                long since = t.healthySince;
                if (since != 0 && now - since < slowStartNanos) {
                    long end = since + slowStartNanos;
                    if (slowStartEnd == 0 || end - slowStartEnd > 0) {
                        slowStartEnd = end;
                    }
                }
            }
        }
        routable = new Routable(chosen.toArray(new Target[0]), slowStartEnd, cause);
    }

    /**
     * A target for a new request from event loop {@code loop}, or null when none may take one;
     * never {@code exclude}.
     */
    Target pick(Target exclude, int loop) {
        Routable r = routable;
        Target[] ts = r.targets;
        if (exclude != null) {
            ts = without(ts, exclude);
        }
        int n = ts.length;
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return ts[0];
        }
        long now = 0;
        boolean ramping = false;
        if (r.slowStartEnd != 0) {
            now = System.nanoTime();
            ramping = now - r.slowStartEnd < 0;
        }
        int slot = 16 + loop * 16;
        int start = cursors[slot]++ & Integer.MAX_VALUE;
        if (algorithm == TargetGroupSpec.Algorithm.ROUND_ROBIN) {
            if (!ramping) {
                return ts[start % n];
            }
            double[] w = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                w[i] = weight(ts[i], now);
                total += w[i];
            }
            double x = ThreadLocalRandom.current().nextDouble() * total;
            for (int i = 0; i < n; i++) {
                x -= w[i];
                if (x < 0) {
                    return ts[i];
                }
            }
            return ts[n - 1];
        }
        Target best = null;
        double bestScore = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Target t = ts[(start + i) % n];
            double score = ramping ? (t.inFlight() + 1) / weight(t, now) : t.inFlight();
            if (score < bestScore) {
                best = t;
                bestScore = score;
            }
        }
        return best;
    }

    private double weight(Target t, long now) {
        long since = t.healthySince;
        if (since == 0) {
            return 1;
        }
        double f = (double) (now - since) / slowStartNanos;
        return f >= 1 ? 1 : Math.max(0.02, f);
    }

    private static Target[] without(Target[] ts, Target exclude) {
        int count = 0;
        for (Target t : ts) {
            if (t != exclude) {
                count++;
            }
        }
        if (count == ts.length) {
            return ts;
        }
        Target[] out = new Target[count];
        int i = 0;
        for (Target t : ts) {
            if (t != exclude) {
                out[i++] = t;
            }
        }
        return out;
    }
}
