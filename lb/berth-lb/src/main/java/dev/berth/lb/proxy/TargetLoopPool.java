package dev.berth.lb.proxy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;

/**
 * The connections to one target on one event loop: idle keep-alive connections (LIFO, so the
 * warmest is reused and the coldest time out), how many are open, and the requests waiting for
 * one when the limit is reached. Touched only by its loop's thread.
 */
final class TargetLoopPool {
    private static final VarHandle IN_FLIGHT;

    static {
        try {
            IN_FLIGHT = MethodHandles.lookup().findVarHandle(TargetLoopPool.class, "inFlight", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Target target;
    final LoopState loop;
    final int limit;
    private final ArrayDeque<UpstreamConn> idle = new ArrayDeque<>();
    private final ArrayDeque<ClientConn> waiters = new ArrayDeque<>();
    int open;
    /**
     * Requests of this loop routed to the target and not finished: written by this loop only
     * (release), read by any (acquire) to sum the target's in-flight count.
     */
    @SuppressWarnings("unused")
    private int inFlight;
    /** Keeps the counters of two loops' pools (allocated together) on different cache lines. */
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7;

    TargetLoopPool(Target target, LoopState loop, int limit) {
        this.target = target;
        this.loop = loop;
        this.limit = limit;
    }

    void started() {
        IN_FLIGHT.setRelease(this, inFlight + 1);
    }

    void finished() {
        IN_FLIGHT.setRelease(this, inFlight - 1);
    }

    int inFlight() {
        return (int) IN_FLIGHT.getAcquire(this);
    }

    /** The most recently used live idle connection, or null. */
    UpstreamConn pollIdle() {
        UpstreamConn u;
        while ((u = idle.pollFirst()) != null) {
            u.inIdle = false;
            if (u.ch.isActive()) {
                return u;
            }
        }
        return null;
    }

    boolean canOpen() {
        return open < limit;
    }

    void opened() {
        open++;
    }

    void await(ClientConn c) {
        waiters.addLast(c);
    }

    void cancelWait(ClientConn c) {
        waiters.remove(c);
    }

    /** A connection whose exchange ended cleanly: to a waiting request, else to the idle stack. */
    void release(UpstreamConn u) {
        u.owner = null;
        if (!u.ch.isActive() || target.retired || target.draining) {
            u.ch.close();
            return;
        }
        if (!u.ch.config().isAutoRead()) {
            u.ch.config().setAutoRead(true);
        }
        ClientConn w = waiters.pollFirst();
        if (w != null) {
            w.pooledConnectionReady(u);
            return;
        }
        u.idleSince = loop.now;
        u.inIdle = true;
        idle.addFirst(u);
    }

    /** Its channel closed (or never connected). */
    void closed(UpstreamConn u) {
        open--;
        if (u.inIdle) {
            u.inIdle = false;
            idle.remove(u);
        }
        if (!waiters.isEmpty() && open < limit && !target.retired) {
            waiters.pollFirst().connectNow();
        }
    }

    void closeStale(long now, long timeoutNanos) {
        UpstreamConn u;
        while ((u = idle.peekLast()) != null && now - u.idleSince > timeoutNanos) {
            idle.pollLast();
            u.inIdle = false;
            u.ch.close();
        }
    }

    void closeIdle() {
        UpstreamConn u;
        while ((u = idle.pollFirst()) != null) {
            u.inIdle = false;
            u.ch.close();
        }
    }
}
