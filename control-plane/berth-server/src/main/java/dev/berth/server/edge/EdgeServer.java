package dev.berth.server.edge;

import dev.berth.aws.protocol.AwsJsonDispatcher;
import dev.berth.aws.protocol.AwsResponse;
import dev.berth.aws.protocol.HttpRequestView;
import dev.berth.aws.query.QueryDispatcher;
import dev.berth.domain.error.CommonErrors;
import dev.berth.domain.error.ErrorCode;
import dev.berth.domain.id.IdGenerator;
import dev.berth.registry.http.Distribution;
import dev.berth.registry.http.RegistryRequest;
import dev.berth.registry.http.RegistryResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The one HTTP port every API is served on. The event loop reads a request (refusing bodies over
 * the limit as they arrive, never buffering more), a virtual thread runs it against the store, and
 * the answer is written back on the request's event loop.
 *
 * <p>Routes: {@code POST /} with {@code X-Amz-Target} to the awsJson front doors; {@code POST /}
 * with a form body (or {@code GET /?Action=…}) to the query-protocol front doors; {@code GET /health};
 * {@code GET /metrics}; the registry under {@code /v2/}, whose bodies stream; then the path routes given.
 */
public final class EdgeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);
    /** How the awsJson front doors and the path routes answer an error the edge raises itself. */
    private static final ErrorAnswer JSON_ERROR = (requestId, code, message) ->
            AwsJsonDispatcher.error(requestId, code, message, "message");
    private final AwsJsonDispatcher dispatcher;
    private final QueryDispatcher queryDispatcher;
    private final List<Route> routes;
    private final Function<RegistryRequest, RegistryResponse> registry;
    private final Supplier<String> health;
    private final Supplier<String> metrics;
    private final int maxRequestBytes;
    private final IdGenerator ids;
    private final ExecutorService handlers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("berth-api-", 0).factory());
    private Vertx vertx;
    private HttpServer server;

    /** @param registry the OCI registry under {@code /v2/}, whose bodies stream rather than being read first */
    public EdgeServer(AwsJsonDispatcher dispatcher, QueryDispatcher queryDispatcher, List<Route> routes,
                      Function<RegistryRequest, RegistryResponse> registry,
                      Supplier<String> health, Supplier<String> metrics, int maxRequestBytes, IdGenerator ids) {
        this.dispatcher = dispatcher;
        this.queryDispatcher = queryDispatcher;
        this.routes = List.copyOf(routes);
        this.registry = registry;
        this.health = health;
        this.metrics = metrics;
        this.maxRequestBytes = maxRequestBytes;
        this.ids = ids;
    }

    /** Binds and returns the port actually bound (useful with port 0). */
    public int start(String host, int port) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setHandle100ContinueAutomatically(true)
                .setMaxHeaderSize(16 * 1024)
                .setIdleTimeout(120);
        // One event loop per core: the loops only move bytes; the work runs on virtual threads.
        // Native epoll where Netty ships it (the data plane does): sendfile and fewer copies for blobs.
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)
                .setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors())));
        try {
            server = await(vertx.createHttpServer(options).requestHandler(this::handle).listen());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (request.method() == HttpMethod.GET && path.equals("/health")) {
            text(request.response(), 200, "application/json", health.get());
            return;
        }
        if (request.method() == HttpMethod.GET && path.equals("/metrics")) {
            Context context = vertx.getOrCreateContext();
            handlers.execute(() -> {
                String scrape = metrics.get();
                answer(context, () -> text(request.response(), 200, "text/plain; version=0.0.4; charset=utf-8", scrape));
            });
            return;
        }
        if (Distribution.accepts(path)) {
            new RegistryRoute(registry, handlers).handle(request, vertx.getOrCreateContext());
            return;
        }
        if (request.method() == HttpMethod.POST && request.getHeader("X-Amz-Target") != null) {
            readBody(request, dispatcher::dispatch, JSON_ERROR);
            return;
        }
        if (QueryDispatcher.accepts(request.method().name(), path, request.getHeader(HttpHeaders.CONTENT_TYPE),
                request.query())) {
            readBody(request, queryDispatcher::dispatch, QueryDispatcher::error);
            return;
        }
        for (Route route : routes) {
            if (route.matches().test(path)) {
                readBody(request, route.handler(), JSON_ERROR);
                return;
            }
        }
        text(request.response(), 404, "application/json", "{\"message\":\"Berth serves the AWS APIs with POST / and "
                + "an X-Amz-Target header or a form body, /health and /metrics.\"}");
    }

    private void readBody(HttpServerRequest request, Function<HttpRequestView, AwsResponse> handler, ErrorAnswer errors) {
        long declared = parseLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        if (declared > drainLimit()) {
            refuseTooLarge(request, true, errors);
            return;
        }
        Context context = vertx.getOrCreateContext();
        BodyReader reader = new BodyReader(declared > maxRequestBytes);
        request.handler(chunk -> {
            if (reader.add(chunk) && reader.received > drainLimit() && !reader.answered) {
                reader.answered = true;
                refuseTooLarge(request, true, errors); // a sender that does not stop: stop listening
            }
        });
        request.endHandler(end -> {
            if (reader.answered) {
                return;
            }
            if (reader.refused) {
                refuseTooLarge(request, false, errors);
                return;
            }
            BufferedRequest buffered = new BufferedRequest(request.method().name(), request.path(),
                    request.query() == null ? "" : request.query(), headers(request), reader.body.getBytes());
            handlers.execute(() -> {
                AwsResponse response = handler.apply(buffered);
                answer(context, () -> write(request.response(), response));
            });
        });
    }

    /**
     * How much of an oversized body is read and thrown away so the answer can be read by the
     * client: closing a socket that still has unread data makes the kernel reset the connection,
     * which can destroy the 413 on its way. Beyond this the connection is closed regardless.
     */
    private long drainLimit() {
        return 16L * maxRequestBytes;
    }

    /** An error in the protocol of the front door the request was headed for, so its client can read it. */
    @FunctionalInterface
    private interface ErrorAnswer {
        AwsResponse answer(String requestId, ErrorCode code, String message);
    }

    /** Collects a body up to the limit; past it, only counts what arrives. Event-loop confined. */
    private final class BodyReader {
        final Buffer body = Buffer.buffer();
        boolean refused;
        boolean answered;
        long received;

        BodyReader(boolean refused) {
            this.refused = refused;
        }

        /** @return whether the body is over the limit */
        boolean add(Buffer chunk) {
            received += chunk.length();
            if (!refused && received > maxRequestBytes) {
                refused = true;
            }
            if (!refused) {
                body.appendBuffer(chunk);
            }
            return refused;
        }
    }

    /** Writes on the request's event loop, unless the edge is stopping and there is no one left to answer. */
    static void answer(Context context, Runnable write) {
        try {
            context.runOnContext(done -> write.run());
        } catch (RejectedExecutionException closing) {
            // the event loops are closing, and the connections with them
        }
    }

    private void refuseTooLarge(HttpServerRequest request, boolean closeNow, ErrorAnswer errors) {
        AwsResponse response = errors.answer(IdGenerator.asUuid(ids.newId()), CommonErrors.REQUEST_TOO_LARGE,
                "The request body is larger than this endpoint's limit of " + maxRequestBytes + " bytes.");
        HttpServerResponse out = request.response();
        if (closeNow) {
            out.putHeader(HttpHeaders.CONNECTION, "close");
            write(out, response);
            request.connection().close();
        } else {
            write(out, response);
        }
    }

    private static long parseLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<Map.Entry<String, String>> headers(HttpServerRequest request) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers().size());
        request.headers().forEach(header -> headers.add(Map.entry(header.getKey(), header.getValue())));
        return headers;
    }

    private static void write(HttpServerResponse out, AwsResponse response) {
        if (out.ended() || out.closed()) {
            return;
        }
        out.setStatusCode(response.status());
        response.headers().forEach(out::putHeader);
        out.end(Buffer.buffer(response.body()));
    }

    private static void text(HttpServerResponse out, int status, String contentType, String body) {
        out.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
    }

    /**
     * Stops accepting, interrupts the requests still running (long-polls wait up to 30 s) and waits
     * for them, then closes the event loops: nothing answers after, and nothing touches the store
     * its owner closes next.
     */
    @Override
    public void close() {
        try {
            if (server != null) {
                await(server.close());
            }
            handlers.shutdownNow();
            if (!handlers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("requests still running 5 s after the edge stopped accepting");
            }
            if (vertx != null) {
                await(vertx.close());
            }
        } catch (ExecutionException e) {
            // stopping anyway: nothing is left to serve
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        vertx = null;
    }

    private static <T> T await(Future<T> future) throws ExecutionException {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException("interrupted", e);
        }
    }
}
