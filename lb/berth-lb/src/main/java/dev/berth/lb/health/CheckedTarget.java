package dev.berth.lb.health;

import dev.berth.lb.config.HealthState;
import dev.berth.lb.config.TargetHealth;
import dev.berth.lb.config.TargetSpec;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registered target of one group: when it is checked and what it reports.
 *
 * <p>Everything but the two entry points ({@link #configure}, {@link #stop}) runs on one event
 * loop, the one its checks' channels use, so its state needs no lock and its reports reach the
 * observer in order. The entry points only hand work to that loop.
 *
 * <p>Checks start {@code interval} apart, measured from the start of one to the start of the
 * next, each interval jittered by up to ±10% so that targets registered together drift apart; a
 * check that runs longer than the interval delays the next until it ends, so one target never
 * has two checks in flight. The first check starts within a tenth of the interval.
 */
final class CheckedTarget {
    private static final Logger LOG = LoggerFactory.getLogger(CheckedTarget.class);

    /** What the target's group asks for it. */
    sealed interface Mode {
    }

    /** Not checked; reported as this (not in use, or checks disabled). */
    record Unchecked(TargetHealth health) implements Mode {
    }

    record Checked(CheckSettings settings) implements Mode {
    }

    private final String groupArn;
    private final String key;
    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelClass;
    private final HealthChecker.Observer observer;
    /** What a previous data plane last reported; only the first configuration may resume from it. */
    private final HealthState lastKnown;

    private boolean configured;
    private boolean stopped;
    private TargetSpec target;
    /** Null while unchecked. */
    private CheckSettings settings;
    /** Null while unchecked: checking again starts from initial. */
    private HealthMachine machine;
    private TargetHealth reported;
    private ScheduledFuture<?> nextCheck;
    private Probe probe;
    /** When the last check started, or the first was scheduled. */
    private long lastStart;
    /** Bumped whenever checks stop, so that a late result of a cancelled check is ignored. */
    private int generation;

    CheckedTarget(String groupArn, String key, HealthState lastKnown, EventLoop loop,
                  Class<? extends SocketChannel> channelClass, HealthChecker.Observer observer) {
        this.groupArn = groupArn;
        this.key = key;
        this.lastKnown = lastKnown;
        this.loop = loop;
        this.channelClass = channelClass;
        this.observer = observer;
    }

    void configure(TargetSpec target, Mode mode) {
        onLoop(() -> apply(target, mode));
    }

    /** Stops checking and reporting for good. */
    void stop() {
        onLoop(() -> {
            stopped = true;
            stopChecks();
        });
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // The data plane is shutting its loops down, and every check with them.
        }
    }

    private void apply(TargetSpec newTarget, Mode mode) {
        if (stopped) {
            return;
        }
        target = newTarget;
        switch (mode) {
            case Unchecked unchecked -> {
                stopChecks();
                settings = null;
                machine = null;
                if (!configured && lastKnown == unchecked.health().state()) {
                    // Already shown; a restarted data plane has nothing new to say.
                    reported = unchecked.health();
                }
                report(unchecked.health());
            }
            case Checked checked -> {
                CheckSettings previous = settings;
                settings = checked.settings();
                if (machine == null) {
                    startChecking();
                } else if (!settings.equals(previous)) {
                    bringNextCheckForward();
                }
            }
        }
        configured = true;
    }

    private void startChecking() {
        boolean resumes = !configured && (lastKnown == HealthState.HEALTHY || lastKnown == HealthState.UNHEALTHY);
        machine = HealthMachine.resume(resumes ? lastKnown : HealthState.INITIAL);
        if (resumes) {
            // A restarted data plane must not bounce a healthy target through initial.
            reported = machine.health();
        }
        report(machine.health());
        lastStart = System.nanoTime();
        schedule(ThreadLocalRandom.current().nextLong(settings.interval().toNanos() / 10 + 1));
    }

    /** A shorter interval takes effect now rather than after the next, longer wait. */
    private void bringNextCheckForward() {
        if (nextCheck == null) {
            return;
        }
        long wanted = lastStart + jittered() - System.nanoTime();
        if (wanted < nextCheck.getDelay(TimeUnit.NANOSECONDS)) {
            nextCheck.cancel(false);
            schedule(Math.max(0, wanted));
        }
    }

    private void check() {
        nextCheck = null;
        lastStart = System.nanoTime();
        int current = generation;
        int port = settings.port() != null ? settings.port() : target.port();
        probe = Probe.start(loop, channelClass, target.host(), port, settings.path(), settings.timeout(),
                result -> checked(current, result));
    }

    private void checked(int checkGeneration, Probe.Result result) {
        if (stopped || checkGeneration != generation) {
            return;
        }
        TargetHealth health = switch (result) {
            case Probe.Responded responded when settings.matcher().matches(responded.status()) ->
                    machine.passed(settings.healthyThreshold());
            case Probe.Responded responded ->
                    machine.failed(HealthMachine.codeMismatch(responded.status()), settings.unhealthyThreshold());
            case Probe.Failure failure -> machine.failed(
                    failure == Probe.Failure.TIMED_OUT ? HealthMachine.TIMED_OUT : HealthMachine.FAILED,
                    settings.unhealthyThreshold());
        };
        report(health);
        schedule(Math.max(0, lastStart + jittered() - System.nanoTime()));
    }

    private void schedule(long delayNanos) {
        try {
            nextCheck = loop.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down; there is nothing left to check with.
        }
    }

    private void stopChecks() {
        generation++;
        if (nextCheck != null) {
            nextCheck.cancel(false);
            nextCheck = null;
        }
        if (probe != null) {
            probe.cancel();
            probe = null;
        }
    }

    private long jittered() {
        long interval = settings.interval().toNanos();
        return interval - interval / 10 + ThreadLocalRandom.current().nextLong(interval / 5 + 1);
    }

    private void report(TargetHealth health) {
        if (health.equals(reported)) {
            return;
        }
        reported = health;
        try {
            observer.changed(groupArn, key, health);
        } catch (RuntimeException e) {
            // The observer's failure must not end this target's checks.
            LOG.warn("health observer failed for target {} of {}", key, groupArn, e);
        }
    }
}
