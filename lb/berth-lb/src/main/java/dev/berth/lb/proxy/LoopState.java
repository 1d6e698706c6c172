package dev.berth.lb.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import java.util.ArrayList;

/**
 * What one event loop keeps for itself: a coarse clock (refreshed by the sweep, so the hot path
 * never reads the time), scratch space for heads, the parsers, the client connections it serves
 * (for the timeout sweep) and the template for upstream connections. Touched only by its thread.
 */
final class LoopState {
    /** How often the sweep runs: the resolution of every timeout. */
    static final long TICK_MILLIS = 100;

    final Engine engine;
    final EventLoop loop;
    final int index;
    final byte[] scratch;
    final RequestHead request;
    final ResponseHead response;
    final byte[] hex = new byte[40];
    final Bootstrap bootstrap;
    private final ArrayList<ClientConn> clients = new ArrayList<>();
    /** System.nanoTime() as of the last tick. */
    long now = System.nanoTime();
    /** Epoch seconds as of the last tick (the trace id's time). */
    long epochSeconds = System.currentTimeMillis() / 1000;
    private int ticks;

    LoopState(Engine engine, EventLoop loop, int index, int scratchBytes, Bootstrap bootstrap) {
        this.engine = engine;
        this.loop = loop;
        this.index = index;
        this.scratch = new byte[scratchBytes + 8];
        this.request = new RequestHead(scratch);
        this.response = new ResponseHead(scratch);
        this.bootstrap = bootstrap;
    }

    void register(ClientConn c) {
        c.registryIndex = clients.size();
        clients.add(c);
    }

    void unregister(ClientConn c) {
        int i = c.registryIndex;
        if (i < 0 || i >= clients.size() || clients.get(i) != c) {
            return;
        }
        ClientConn last = clients.removeLast();
        if (last != c) {
            clients.set(i, last);
            last.registryIndex = i;
        }
        c.registryIndex = -1;
    }

    /** Every tick: the clock, then each connection's timeouts; every second the stale idle upstreams. */
    void tick() {
        now = System.nanoTime();
        epochSeconds = System.currentTimeMillis() / 1000;
        for (int i = clients.size() - 1; i >= 0; i--) {
            if (i < clients.size()) {
                clients.get(i).checkTimeouts(now);
            }
        }
        if (++ticks % 10 == 0) {
            long timeout = engine.upstreamIdleNanos;
            for (Target t : engine.allTargets()) {
                t.pools[index].closeStale(now, timeout);
            }
        }
    }

    /** Closes the connections of this loop that serve {@code target} (its deregistration delay ran out). */
    void abortTarget(Target target) {
        target.pools[index].closeIdle();
        for (int i = clients.size() - 1; i >= 0; i--) {
            if (i < clients.size()) {
                clients.get(i).abortIfServing(target);
            }
        }
    }
}
