package dev.berth.store;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the readers blocked in {@link Store#awaitIndex}. A lock and a condition rather than
 * {@code synchronized}, so that waiting virtual threads do not pin their carriers on Java 21.
 */
public final class ChangeNotifier {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private long index;

    public ChangeNotifier(long initialIndex) {
        this.index = initialIndex;
    }

    public long current() {
        lock.lock();
        try {
            return index;
        } finally {
            lock.unlock();
        }
    }

    /** Records that the index reached {@code newIndex}; smaller values are ignored. */
    public void advance(long newIndex) {
        lock.lock();
        try {
            if (newIndex > index) {
                index = newIndex;
                advanced.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public long await(long after, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (index <= after && remaining > 0) {
                remaining = advanced.awaitNanos(remaining);
            }
            return index;
        } finally {
            lock.unlock();
        }
    }
}
