package dev.berth.agent.core;

import dev.berth.agent.client.AgentChannel;
import dev.berth.node.protocol.Report;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the full observed state of every task: at once when a task settles (RUNNING, STOPPED),
 * within {@link #TRANSITIONAL_DELAY} for passing states (PENDING, ACTIVATING…, which a fast start
 * replaces before anyone could read them), and at every heartbeat otherwise. Changes made while a
 * report is on its way go together in the next. A failed report is simply followed by the next,
 * which carries everything again.
 */
final class Reporter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);
    static final Duration TRANSITIONAL_DELAY = Duration.ofMillis(250);

    private final Reconciler reconciler;
    private final AgentChannel client;
    private final Duration heartbeat;
    private final Semaphore changed = new Semaphore(0);
    private final Semaphore settled = new Semaphore(0);
    private volatile boolean stopping;

    Reporter(Reconciler reconciler, AgentChannel client, Duration heartbeat) {
        this.reconciler = reconciler;
        this.client = client;
        this.heartbeat = heartbeat;
    }

    /** A task's observation changed; {@code settledNow} when it reached RUNNING or STOPPED. */
    void changed(boolean settledNow) {
        changed.release();
        if (settledNow) {
            settled.release();
        }
    }

    void stop() {
        stopping = true;
        changed.release();
        settled.release();
    }

    @Override
    public void run() {
        Duration backoff = Duration.ofMillis(200);
        while (!stopping) {
            try {
                if (changed.tryAcquire(heartbeat.toMillis(), TimeUnit.MILLISECONDS)) {
                    settled.tryAcquire(TRANSITIONAL_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                }
                changed.drainPermits();
                settled.drainPermits();
                if (stopping) {
                    return;
                }
                client.report(new Report(reconciler.observed()));
                backoff = Duration.ofMillis(200);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("report failed ({}); retrying in {} ms", e.getMessage(), backoff.toMillis());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
                changed(true); // try again with the latest state, at once
            }
        }
    }
}
