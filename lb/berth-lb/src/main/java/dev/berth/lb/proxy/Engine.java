package dev.berth.lb.proxy;

import dev.berth.lb.DataPlaneOptions;
import dev.berth.lb.config.ActionSpec;
import dev.berth.lb.config.DataPlaneConfig;
import dev.berth.lb.config.DataPlaneListener;
import dev.berth.lb.config.ListenerSpec;
import dev.berth.lb.config.RuleSpec;
import dev.berth.lb.config.TargetGroupSpec;
import dev.berth.lb.config.TargetHealth;
import dev.berth.lb.config.TargetSpec;
import dev.berth.lb.health.HealthChecker;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's machinery behind {@link dev.berth.lb.DataPlane}: the event loops, the listeners, the
 * target groups' live state, the health checker and the drain watch. Internal: use DataPlane.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    final DataPlaneOptions options;
    private final DataPlaneListener listener;
    private final Transport transport;
    private final EventLoopGroup group;
    private final LoopState[] loops;
    private final Map<EventLoop, LoopState> loopStates = new IdentityHashMap<>();
    final int maxHeaderBytes;
    final long idleNanos, requestNanos, headerNanos, upstreamIdleNanos;
    final long connectTimeoutMillis;
    private final int perLoopLimit;
    private final HealthChecker health;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    /** Guarded by this. */
    private final Map<String, ListenerRuntime> listeners = new LinkedHashMap<>();
    private volatile Map<String, GroupRuntime> groups = Map.of();
    private volatile Target[] allTargets = new Target[0];
    private final Set<Target> draining = ConcurrentHashMap.newKeySet();
    private DataPlaneConfig current;
    private boolean closed;

    public Engine(DataPlaneOptions options, DataPlaneListener listener) {
        this.options = options;
        this.listener = listener;
        this.transport = Transport.choose(options.nativeTransport());
        this.group = transport.newGroup(options.eventLoops(), "berth-lb");
        this.maxHeaderBytes = options.maxHeaderBytes();
        this.idleNanos = options.idleTimeout().toNanos();
        this.requestNanos = options.requestTimeout().toNanos();
        this.headerNanos = options.headerReadTimeout().toNanos();
        this.upstreamIdleNanos = options.upstreamIdleTimeout().toNanos();
        this.connectTimeoutMillis = Math.max(1, options.connectTimeout().toMillis());
        this.perLoopLimit = Math.max(1, (options.maxConnectionsPerTarget() + options.eventLoops() - 1)
                / options.eventLoops());
        List<LoopState> states = new ArrayList<>();
        int i = 0;
        for (var executor : group) {
            EventLoop loop = (EventLoop) executor;
            Bootstrap b = new Bootstrap().group(loop).channelFactory(transport.socketChannels())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.ALLOCATOR, ByteBufAllocator.DEFAULT)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeoutMillis);
            LoopState s = new LoopState(this, loop, i++, Math.max(maxHeaderBytes, ClientConn.RESPONSE_HEAD_LIMIT), b);
            states.add(s);
            loopStates.put(loop, s);
            tasks.add(loop.scheduleAtFixedRate(s::tick, LoopState.TICK_MILLIS, LoopState.TICK_MILLIS,
                    TimeUnit.MILLISECONDS));
        }
        this.loops = states.toArray(new LoopState[0]);
        tasks.add(group.next().scheduleAtFixedRate(this::checkDraining, LoopState.TICK_MILLIS, LoopState.TICK_MILLIS,
                TimeUnit.MILLISECONDS));
        this.health = new HealthChecker(group, this::healthChanged);
        LOG.debug("data plane started: {} event loops, {} transport", loops.length, transport);
    }

    public Transport transport() {
        return transport;
    }

    Target[] allTargets() {
        return allTargets;
    }

    int loopCount() {
        return loops.length;
    }

    Target newTarget(GroupRuntime g, TargetSpec spec) {
        return new Target(g, spec, loops, perLoopLimit);
    }

    // ---------------------------------------------------------------- apply

    public synchronized void apply(DataPlaneConfig config) {
        if (closed) {
            throw new IllegalStateException("the data plane is closed");
        }
        if (config.equals(current)) {
            return;
        }
        // 1. Listeners that need a socket get it first: a port that cannot be bound changes nothing.
        Map<String, ListenerRuntime> bound = new LinkedHashMap<>();
        Set<ListenerRuntime> staying = new HashSet<>();
        for (ListenerSpec spec : config.listeners()) {
            ListenerRuntime existing = listeners.get(spec.arn());
            if (existing != null && existing.bindHost.equals(spec.bindHost()) && existing.requestedPort == spec.port()) {
                staying.add(existing);
            }
        }
        try {
            for (ListenerSpec spec : config.listeners()) {
                ListenerRuntime existing = listeners.get(spec.arn());
                if (existing == null || !staying.contains(existing)) {
                    releasePort(spec, staying);
                    bound.put(spec.arn(), bind(spec));
                }
            }
            // Rules are checked before anything changes too.
            for (ListenerSpec spec : config.listeners()) {
                dev.berth.lb.routing.Router.compile(spec.rules());
            }
        } catch (RuntimeException e) {
            bound.values().forEach(l -> l.server.close());
            throw e;
        }

        // 2. Target groups: keep the targets that stay, start draining, retire the removed.
        Map<String, GroupRuntime> nextGroups = new HashMap<>();
        List<Target> retired = new ArrayList<>();
        List<Target> startedDraining = new ArrayList<>();
        Map<String, GroupRuntime> previous = groups;
        for (TargetGroupSpec spec : config.targetGroups().values()) {
            GroupRuntime g = previous.get(spec.arn());
            if (g == null) {
                g = new GroupRuntime(spec.arn(), this);
            }
            startedDraining.addAll(g.update(spec, retired));
            nextGroups.put(spec.arn(), g);
        }
        for (GroupRuntime g : previous.values()) {
            if (!nextGroups.containsKey(g.arn)) {
                g.retireAll(retired);
            }
        }
        groups = Map.copyOf(nextGroups);
        List<Target> all = new ArrayList<>();
        for (GroupRuntime g : nextGroups.values()) {
            all.addAll(g.targets());
        }
        allTargets = all.toArray(new Target[0]);
        draining.addAll(startedDraining);
        for (Target t : retired) {
            draining.remove(t);
            for (LoopState s : loops) {
                s.loop.execute(() -> t.pools[s.index].closeIdle());
            }
        }

        // 3. Listeners: swap rules, open the new, close the removed.
        Set<String> inUse = new HashSet<>();
        Map<String, ListenerRuntime> nextListeners = new LinkedHashMap<>();
        for (ListenerSpec spec : config.listeners()) {
            ListenerRuntime l = bound.getOrDefault(spec.arn(), listeners.get(spec.arn()));
            l.routes = ListenerRuntime.compile(spec.rules(), nextGroups);
            nextListeners.put(spec.arn(), l);
            for (RuleSpec rule : spec.rules()) {
                if (rule.action() instanceof ActionSpec.Forward f) {
                    f.groups().forEach(wg -> inUse.add(wg.targetGroupArn()));
                }
            }
        }
        for (ListenerRuntime l : listeners.values()) {
            if (nextListeners.get(l.arn) != l) {
                closeListener(l);
            }
        }
        for (ListenerRuntime l : bound.values()) {
            l.server.config().setAutoRead(true);
        }
        listeners.clear();
        listeners.putAll(nextListeners);

        // 4. Health checks for the groups in use.
        health.apply(config.targetGroups(), inUse);
        current = config;

        for (Target t : startedDraining) {
            report(t.group.arn, t.key, TargetHealth.DRAINING);
        }
    }

    private ListenerRuntime bind(ListenerSpec spec) {
        ListenerRuntime l = new ListenerRuntime(spec.arn(), spec.bindHost(), spec.port());
        ServerBootstrap b = new ServerBootstrap().group(group).channelFactory(transport.serverChannels())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.AUTO_READ, false) // accepts once its rules are in place
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, ByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        LoopState s = loopStates.get(ch.eventLoop());
                        ch.pipeline().addLast(new ClientConn(Engine.this, s, l));
                    }
                });
        var f = b.bind(new InetSocketAddress(spec.bindHost(), spec.port())).syncUninterruptibly();
        if (!f.isSuccess()) {
            throw new IllegalStateException("cannot listen on " + spec.bindHost() + ":" + spec.port(), f.cause());
        }
        Channel server = f.channel();
        l.bound(server, ((InetSocketAddress) server.localAddress()).getPort());
        return l;
    }

    /**
     * A listener that goes away in this apply and holds the port a new one wants (a listener
     * replaced by another on the same port) stops accepting first, so that the new one can bind.
     */
    private void releasePort(ListenerSpec spec, Set<ListenerRuntime> staying) {
        if (spec.port() == 0) {
            return;
        }
        for (ListenerRuntime old : listeners.values()) {
            if (!staying.contains(old) && old.port == spec.port() && old.server.isOpen()
                    && (old.bindHost.equals(spec.bindHost()) || wildcard(old.bindHost) || wildcard(spec.bindHost()))) {
                old.closing = true;
                old.server.close().syncUninterruptibly();
            }
        }
    }

    private static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private void closeListener(ListenerRuntime l) {
        l.closing = true;
        l.server.close();
        // Idle connections go at the next sweep; busy ones after their response.
    }

    public synchronized int port(String listenerArn) {
        ListenerRuntime l = listeners.get(listenerArn);
        if (l == null) {
            throw new IllegalArgumentException("no listener " + listenerArn);
        }
        return l.port;
    }

    // ---------------------------------------------------------------- health and draining

    private void healthChanged(String groupArn, String key, TargetHealth health) {
        GroupRuntime g = groups.get(groupArn);
        if (g != null && g.health(key, health)) {
            report(groupArn, key, health);
        }
    }

    private void report(String groupArn, String key, TargetHealth health) {
        try {
            listener.healthChanged(groupArn, key, health);
        } catch (RuntimeException e) {
            LOG.warn("the data-plane listener failed on a health change", e);
        }
    }

    /** Every tick: a draining target with nothing in flight (twice in a row) or out of time is done. */
    private void checkDraining() {
        if (draining.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Target t : draining) {
            if (t.retired) {
                draining.remove(t);
                continue;
            }
            boolean done;
            synchronized (t.group) {
                boolean expired = now - t.drainStart >= t.group.deregistrationNanos;
                if (t.inFlight() == 0) {
                    done = t.zeroSeen || expired;
                    t.zeroSeen = true;
                } else {
                    t.zeroSeen = false;
                    done = expired;
                }
            }
            if (!done) {
                continue;
            }
            draining.remove(t);
            t.group.forget(t);
            for (LoopState s : loops) {
                s.loop.execute(() -> s.abortTarget(t));
            }
            try {
                listener.drained(t.group.arn, t.key);
            } catch (RuntimeException e) {
                LOG.warn("the data-plane listener failed on a drained target", e);
            }
        }
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            health.close();
            for (ListenerRuntime l : listeners.values()) {
                closeListener(l);
            }
            listeners.clear();
        }
        tasks.forEach(t -> t.cancel(false));
        Future<?> f = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        f.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
