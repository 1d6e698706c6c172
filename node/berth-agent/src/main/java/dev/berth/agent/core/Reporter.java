package dev.berth.agent.core;

import dev.berth.agent.client.ServerClient;
import dev.berth.node.protocol.Report;
import dev.berth.node.protocol.ReportAck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the full observed state of every task: soon after any change (changes within a few
 * milliseconds go together) and at every heartbeat otherwise. A failed report is simply followed
 * by the next, which carries everything again.
 */
final class Reporter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);
    private static final Duration COALESCE = Duration.ofMillis(20);

    private final Reconciler reconciler;
    private final ServerClient client;
    private final Duration heartbeat;
    private final Consumer<ReportAck> acknowledged;
    private final Semaphore changed = new Semaphore(0);
    private volatile boolean stopping;

    Reporter(Reconciler reconciler, ServerClient client, Duration heartbeat, Consumer<ReportAck> acknowledged) {
        this.reconciler = reconciler;
        this.client = client;
        this.heartbeat = heartbeat;
        this.acknowledged = acknowledged;
    }

    void changed() {
        changed.release();
    }

    void stop() {
        stopping = true;
        changed.release();
    }

    @Override
    public void run() {
        Duration backoff = Duration.ofMillis(200);
        while (!stopping) {
            try {
                if (changed.tryAcquire(heartbeat.toMillis(), TimeUnit.MILLISECONDS)) {
                    Thread.sleep(COALESCE);
                }
                changed.drainPermits();
                if (stopping) {
                    return;
                }
                acknowledged.accept(client.report(new Report(reconciler.observed())));
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
                changed.release(); // try again with the latest state
            }
        }
    }
}
