package dev.berth.lb;

import java.time.Duration;
import java.util.Objects;

/**
 * How the data plane runs: threads, timeouts and limits. The configuration ({@link
 * dev.berth.lb.config.DataPlaneConfig}) says what it serves; these say how.
 *
 * @param eventLoops event-loop threads; each client connection and the upstream connections that
 *     serve it live on one of them
 * @param idleTimeout a client connection (or a request or response body, or a WebSocket tunnel)
 *     with no byte in either direction for this long is closed (ELB's idle timeout, 60 s)
 * @param requestTimeout a request whose target has not answered (its response head) within this
 *     long gets a 504
 * @param headerReadTimeout a client that has begun a request but not finished its head within
 *     this long gets a 408 and is closed (slow clients)
 * @param maxHeaderBytes a request head (request line and headers) larger than this gets a 431
 * @param maxConnectionsPerTarget upstream connections open to one target at most, across all
 *     event loops; requests beyond wait for one (up to {@code requestTimeout})
 * @param connectTimeout a target that does not accept a connection within this long: the request
 *     is retried elsewhere when it may be, else 504
 * @param upstreamIdleTimeout a pooled keep-alive connection to a target unused for this long is
 *     closed
 * @param nativeTransport use Netty's epoll transport when it loads (else NIO)
 */
public record DataPlaneOptions(int eventLoops, Duration idleTimeout, Duration requestTimeout,
                               Duration headerReadTimeout, int maxHeaderBytes, int maxConnectionsPerTarget,
                               Duration connectTimeout, Duration upstreamIdleTimeout, boolean nativeTransport) {
    public DataPlaneOptions {
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops must be at least 1");
        }
        positive(idleTimeout, "idleTimeout");
        positive(requestTimeout, "requestTimeout");
        positive(headerReadTimeout, "headerReadTimeout");
        positive(connectTimeout, "connectTimeout");
        positive(upstreamIdleTimeout, "upstreamIdleTimeout");
        if (maxHeaderBytes < 256 || maxHeaderBytes > 1 << 20) {
            throw new IllegalArgumentException("maxHeaderBytes must be within 256..1048576");
        }
        if (maxConnectionsPerTarget < 1) {
            throw new IllegalArgumentException("maxConnectionsPerTarget must be at least 1");
        }
    }

    /**
     * One event loop per core, ELB's 60 s idle timeout, 60 s for a target to answer, 10 s for a
     * request head, 16 KiB of headers, 1,024 connections per target, 2 s to connect, 30 s for an
     * idle upstream connection.
     */
    public static DataPlaneOptions defaults() {
        return new DataPlaneOptions(Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofSeconds(10), 16 * 1024, 1024, Duration.ofSeconds(2),
                Duration.ofSeconds(30), true);
    }

    public DataPlaneOptions withEventLoops(int n) {
        return new DataPlaneOptions(n, idleTimeout, requestTimeout, headerReadTimeout, maxHeaderBytes,
                maxConnectionsPerTarget, connectTimeout, upstreamIdleTimeout, nativeTransport);
    }

    public DataPlaneOptions withIdleTimeout(Duration d) {
        return new DataPlaneOptions(eventLoops, d, requestTimeout, headerReadTimeout, maxHeaderBytes,
                maxConnectionsPerTarget, connectTimeout, upstreamIdleTimeout, nativeTransport);
    }

    public DataPlaneOptions withRequestTimeout(Duration d) {
        return new DataPlaneOptions(eventLoops, idleTimeout, d, headerReadTimeout, maxHeaderBytes,
                maxConnectionsPerTarget, connectTimeout, upstreamIdleTimeout, nativeTransport);
    }

    public DataPlaneOptions withHeaderReadTimeout(Duration d) {
        return new DataPlaneOptions(eventLoops, idleTimeout, requestTimeout, d, maxHeaderBytes,
                maxConnectionsPerTarget, connectTimeout, upstreamIdleTimeout, nativeTransport);
    }

    public DataPlaneOptions withMaxHeaderBytes(int n) {
        return new DataPlaneOptions(eventLoops, idleTimeout, requestTimeout, headerReadTimeout, n,
                maxConnectionsPerTarget, connectTimeout, upstreamIdleTimeout, nativeTransport);
    }

    public DataPlaneOptions withMaxConnectionsPerTarget(int n) {
        return new DataPlaneOptions(eventLoops, idleTimeout, requestTimeout, headerReadTimeout, maxHeaderBytes, n,
                connectTimeout, upstreamIdleTimeout, nativeTransport);
    }

    public DataPlaneOptions withConnectTimeout(Duration d) {
        return new DataPlaneOptions(eventLoops, idleTimeout, requestTimeout, headerReadTimeout, maxHeaderBytes,
                maxConnectionsPerTarget, d, upstreamIdleTimeout, nativeTransport);
    }

    public DataPlaneOptions withUpstreamIdleTimeout(Duration d) {
        return new DataPlaneOptions(eventLoops, idleTimeout, requestTimeout, headerReadTimeout, maxHeaderBytes,
                maxConnectionsPerTarget, connectTimeout, d, nativeTransport);
    }

    public DataPlaneOptions withNativeTransport(boolean b) {
        return new DataPlaneOptions(eventLoops, idleTimeout, requestTimeout, headerReadTimeout, maxHeaderBytes,
                maxConnectionsPerTarget, connectTimeout, upstreamIdleTimeout, b);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
