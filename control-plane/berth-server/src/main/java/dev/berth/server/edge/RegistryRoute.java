package dev.berth.server.edge;

import dev.berth.registry.http.RegistryRequest;
import dev.berth.registry.http.RegistryResponse;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's requests on the edge: unlike the API front doors, bodies stream (a layer is
 * hundreds of megabytes) and blobs are sent from their files with sendfile.
 */
final class RegistryRoute {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryRoute.class);

    private final Function<RegistryRequest, RegistryResponse> registry;
    private final ExecutorService handlers;

    RegistryRoute(Function<RegistryRequest, RegistryResponse> registry, ExecutorService handlers) {
        this.registry = registry;
        this.handlers = handlers;
    }

    /** On the event loop. */
    void handle(HttpServerRequest request, Context context) {
        StreamingBody body = new StreamingBody(request, context);
        View view = new View(request.method().name(), percentDecode(request.path()),
                MultiMap.caseInsensitiveMultiMap().addAll(request.params()),
                MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body);
        handlers.execute(() -> {
            RegistryResponse response;
            try {
                response = registry.apply(view);
            } catch (RuntimeException e) {
                LOG.error("registry request {} {} failed", view.method, view.path, e);
                response = RegistryResponse.status(500).json("application/json",
                        "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"internal error\"}]}");
            }
            body.discardRest();
            RegistryResponse answer = response;
            EdgeServer.answer(context, () -> write(request, answer));
        });
    }

    private static void write(HttpServerRequest request, RegistryResponse response) {
        HttpServerResponse out = request.response();
        if (out.ended() || out.closed()) {
            return;
        }
        out.setStatusCode(response.status());
        response.headers().forEach(out::putHeader);
        if (request.method() == HttpMethod.HEAD) {
            out.end();
        } else if (response.file() != null) {
            RegistryResponse.FileRegion file = response.file();
            out.sendFile(file.path().toString(), file.offset(), file.length()).onFailure(failure -> {
                LOG.warn("sending {} failed: {}", file.path(), failure.getMessage());
                request.connection().close();
            });
        } else {
            out.end(Buffer.buffer(response.body()));
        }
    }

    /**
     * Percent-decoding of a path, where (unlike a form) {@code +} is a plus: clients may encode the
     * colon of a digest.
     */
    static String percentDecode(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length() && Character.digit(path.charAt(i + 1), 16) >= 0
                    && Character.digit(path.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(path.charAt(i + 1), 16) * 16 + Character.digit(path.charAt(i + 2), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private record View(String method, String path, MultiMap params, MultiMap headers, InputStream body)
            implements RegistryRequest {
        @Override
        public String query(String name) {
            return params.get(name);
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }
    }
}
