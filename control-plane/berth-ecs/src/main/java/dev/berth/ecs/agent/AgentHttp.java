package dev.berth.ecs.agent;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.aws.json.AwsJson;
import dev.berth.aws.protocol.AwsResponse;
import dev.berth.aws.protocol.HttpRequestView;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.node.protocol.AgentPaths;
import dev.berth.node.protocol.RegisterRequest;
import dev.berth.node.protocol.Report;
import dev.berth.domain.error.ApiException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent protocol over HTTP: routes {@code /agent/v1/*}, checks the instance's Bearer token,
 * and turns records to and from JSON. Errors are {@code {"message": ...}} with 400, 401 or 500.
 */
public final class AgentHttp {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHttp.class);
    private static final ObjectMapper JSON = AwsJson.mapper();
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final AgentApi api;

    public AgentHttp(AgentApi api) {
        this.api = api;
    }

    public static boolean accepts(String path) {
        return path.startsWith(AgentPaths.PREFIX + "/");
    }

    public AwsResponse handle(HttpRequestView request) {
        try {
            return switch (request.method() + " " + request.path()) {
                case "POST " + AgentPaths.REGISTER -> ok(api.register(read(request, RegisterRequest.class)));
                case "GET " + AgentPaths.DESIRED -> {
                    InstanceRecord instance = authenticated(request);
                    Map<String, String> query = query(request.rawQuery());
                    long after = Long.parseLong(query.getOrDefault("after", "0"));
                    Duration wait = Duration.ofSeconds(Math.max(0, Math.min(MAX_WAIT.toSeconds(),
                            Long.parseLong(query.getOrDefault("waitSeconds", "20")))));
                    yield ok(api.desired(instance.record().id(), after, wait));
                }
                case "POST " + AgentPaths.REPORT -> {
                    InstanceRecord instance = authenticated(request);
                    yield ok(api.report(instance.record().id(), read(request, Report.class)));
                }
                default -> error(404, "No agent endpoint " + request.method() + " " + request.path() + ".");
            };
        } catch (Unauthorized e) {
            return error(401, e.getMessage());
        } catch (ApiException e) {
            return error(e.code().httpStatus(), e.getMessage());
        } catch (BadRequest | NumberFormatException e) {
            return error(400, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "The server is stopping.");
        } catch (RuntimeException e) {
            LOG.error("agent request {} {} failed", request.method(), request.path(), e);
            return error(500, "The agent request failed on the server; see its log.");
        }
    }

    private InstanceRecord authenticated(HttpRequestView request) {
        String header = request.header("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
        Optional<InstanceRecord> instance = api.authenticate(token);
        if (instance.isEmpty()) {
            throw new Unauthorized("A valid instance token is required (Authorization: Bearer …); register again.");
        }
        return instance.get();
    }

    private static <T> T read(HttpRequestView request, Class<T> type) {
        try {
            return JSON.readValue(request.body(), type);
        } catch (JacksonException e) {
            throw new BadRequest("The body is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("The body could not be read.");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new java.util.HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static AwsResponse ok(Object body) {
        try {
            return new AwsResponse(200, Map.of("Content-Type", "application/json"), JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }

    private static AwsResponse error(int status, String message) {
        return new AwsResponse(status, Map.of("Content-Type", "application/json"),
                JSON.createObjectNode().put("message", message).toString().getBytes(StandardCharsets.UTF_8));
    }

    private static final class Unauthorized extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unauthorized(String message) {
            super(message, null, false, false);
        }
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
