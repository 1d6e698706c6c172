package dev.berth.server.control;

import dev.berth.ecs.controller.Controller;
import dev.berth.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each controller on a virtual thread of its own, one pass per interval. A pass that fails
 * is logged and retried at the next interval: controllers are level-triggered, so nothing is lost.
 * Today every control-plane replica runs them (their writes are idempotent and optimistic); a
 * leader lease can narrow that to one.
 */
public final class ControllerLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerLoop.class);

    private static final long COALESCE_MILLIS = 20;

    private final List<Controller> controllers;
    private final Clock clock;
    private final Store store;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    public ControllerLoop(List<Controller> controllers, Clock clock, Store store) {
        this.controllers = List.copyOf(controllers);
        this.clock = clock;
        this.store = store;
    }

    public void start() {
        for (Controller controller : controllers) {
            threads.add(Thread.ofVirtual().name("berth-controller-" + controller.name()).start(() -> run(controller)));
        }
    }

    private void run(Controller controller) {
        while (!stopping) {
            long seen = store.currentIndex();
            try {
                controller.pass(clock.instant());
            } catch (RuntimeException e) {
                if (!stopping) {
                    LOG.warn("controller {} failed a pass; retrying in {}", controller.name(), controller.interval(), e);
                }
            }
            try {
                if (controller.wakesOnChanges()) {
                    // Its own writes wake it once more; a pass that finds nothing to do writes nothing.
                    if (store.awaitIndex(seen, controller.interval()) > seen) {
                        Thread.sleep(COALESCE_MILLIS); // a burst of reports makes one pass
                    }
                } else {
                    Thread.sleep(controller.interval());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
