package dev.berth.lb;

import dev.berth.lb.config.DataPlaneConfig;
import dev.berth.lb.config.DataPlaneListener;
import dev.berth.lb.proxy.Engine;

/**
 * The load balancer's data plane: an HTTP/1.1 reverse proxy serving the listeners of a {@link
 * DataPlaneConfig}.
 *
 * <ul>
 *   <li>Keep-alive on both sides; upstream connections pooled per target (and per event loop).
 *   <li>Adds X-Forwarded-For (appended), X-Forwarded-Proto, X-Forwarded-Port and, when absent,
 *       {@code X-Amzn-Trace-Id: Root=1-…}.
 *   <li>Streams bodies both ways with backpressure (Content-Length and chunked), passes WebSocket
 *       (Upgrade) connections through after the target's 101.
 *   <li>Answers 400 to malformed requests, 431 to heads over the limit, 408 to heads that take too
 *       long, 503 when a target group has nothing to route to, 502 when a target fails before
 *       answering, 504 when it does not answer in time. An idempotent request without a body
 *       that could not reach its target is retried once on another.
 *   <li>Round robin or least outstanding requests, slow start, weighted target groups; draining
 *       targets finish their requests and are reported {@link DataPlaneListener#drained}.
 * </ul>
 * Thread-safe.
 */
public final class DataPlane implements AutoCloseable {
    private final Engine engine;

    /** Starts the event loops; nothing is served until {@link #apply}. */
    public DataPlane(DataPlaneOptions options, DataPlaneListener listener) {
        this.engine = new Engine(options, listener);
    }

    /**
     * Serves this configuration from now on: binds new listeners (before anything else changes, so
     * a port that cannot be bound leaves the old configuration in place and throws), closes removed
     * ones (in-flight requests finish), swaps rules and target groups atomically, and updates the
     * health checks. Applying the same configuration again changes nothing.
     *
     * @throws IllegalStateException when a listener's port cannot be bound
     * @throws IllegalArgumentException when a rule or health check is malformed
     */
    public synchronized void apply(DataPlaneConfig config) {
        engine.apply(config);
    }

    /** The port a listener is bound to (its own, or the one chosen for port 0). */
    public int port(String listenerArn) {
        return engine.port(listenerArn);
    }

    /** Whether Netty's native epoll transport is in use (else NIO). */
    public boolean nativeTransport() {
        return engine.transport().isNative();
    }

    /** Stops listening, stops the health checks and closes every connection. */
    @Override
    public void close() {
        engine.close();
    }
}
