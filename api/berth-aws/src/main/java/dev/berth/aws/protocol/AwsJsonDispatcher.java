package dev.berth.aws.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.auth.Authenticator;
import dev.berth.aws.auth.Principal;
import dev.berth.aws.json.AwsJson;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.CommonErrors;
import dev.berth.domain.error.ErrorCode;
import dev.berth.domain.id.IdGenerator;
import dev.berth.domain.validation.Messages;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The awsJson1.1 pipeline, independent of the HTTP server: route by {@code X-Amz-Target},
 * authenticate, parse, validate against the model, invoke, and encode the answer or the error.
 *
 * <p>Client mistakes become 4xx with {@code {"__type", "message"}}; anything unexpected that
 * escapes an operation is a fault: logged with the request id and answered with a 500 that
 * reveals nothing of the internals. Thread-safe; called on virtual threads.
 */
public final class AwsJsonDispatcher {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final Logger LOG = LoggerFactory.getLogger(AwsJsonDispatcher.class);
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final Map<String, JsonService> servicesByPrefix;
    private final Authenticator authenticator;
    private final String accountId;
    private final Clock clock;
    private final IdGenerator ids;
    private final OperationListener listener;

    public AwsJsonDispatcher(List<JsonService> services, Authenticator authenticator, String accountId, Clock clock,
                             IdGenerator ids, OperationListener listener) {
        this.servicesByPrefix = services.stream().collect(Collectors.toUnmodifiableMap(JsonService::targetPrefix,
                Function.identity()));
        this.authenticator = authenticator;
        this.accountId = accountId;
        this.clock = clock;
        this.ids = ids;
        this.listener = listener;
    }

    /** Whether this dispatcher should take the request: it names an X-Amz-Target. */
    public static boolean accepts(HttpRequestView request) {
        return request.header("X-Amz-Target") != null;
    }

    public AwsResponse dispatch(HttpRequestView request) {
        long started = System.nanoTime();
        String requestId = IdGenerator.asUuid(ids.newId());
        String target = request.header("X-Amz-Target");
        String prefix = "unknown";
        String operationName = "unknown";
        JsonService service = null;
        AwsResponse response;
        try {
            int dot = target == null ? -1 : target.lastIndexOf('.');
            if (dot > 0) {
                prefix = target.substring(0, dot);
                operationName = target.substring(dot + 1);
                service = servicesByPrefix.get(prefix);
            }
            response = invoke(request, requestId, service, target, operationName);
        } catch (ApiException e) {
            response = error(requestId, e.code(), e.getMessage(), service);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("request {} ({}) failed", requestId, target, e);
            response = error(requestId, CommonErrors.INTERNAL_FAILURE,
                    "The request processing has failed because of an unknown error. Request id " + requestId + ".", service);
        }
        listener.completed(service == null ? "unknown" : prefix, service == null ? "unknown" : operationName,
                response.status(), System.nanoTime() - started);
        return response;
    }

    private AwsResponse invoke(HttpRequestView request, String requestId, JsonService service, String target,
                               String operationName) {
        if (service == null) {
            throw new ApiException(CommonErrors.UNKNOWN_OPERATION, "X-Amz-Target '" + Messages.abbreviate(target)
                    + "' names no service Berth serves.");
        }
        if (!service.model().hasOperation(operationName)) {
            throw new ApiException(CommonErrors.UNKNOWN_OPERATION, "Operation '" + Messages.abbreviate(operationName)
                    + "' is not part of " + service.targetPrefix() + ".");
        }
        JsonOperation operation = service.operation(operationName).orElseThrow(() -> new ApiException(
                CommonErrors.UNKNOWN_OPERATION, "Berth does not implement " + service.targetPrefix() + "."
                + operationName + " yet."));
        Principal principal = authenticator.authenticate(request, service.model().signingName());
        ObjectNode input = parse(request.body());
        Optional<String> inputShape = service.model().inputShape(operationName);
        ObjectNode validated = inputShape.isPresent() ? service.validator().validate(inputShape.get(), input) : input;
        RequestContext context = new RequestContext(requestId, principal.region(), accountId, principal.accessKeyId(),
                clock.instant());
        JsonNode output = operation.invoke(context, validated);
        byte[] body;
        try {
            body = output == null ? EMPTY_OBJECT : AwsJson.mapper().writeValueAsBytes(output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the output of " + operationName, e);
        }
        return new AwsResponse(200, Map.of("Content-Type", CONTENT_TYPE, "x-amzn-RequestId", requestId), body);
    }

    private static ObjectNode parse(byte[] body) {
        if (body.length == 0) {
            return AwsJson.mapper().createObjectNode();
        }
        JsonNode parsed;
        try {
            parsed = AwsJson.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(CommonErrors.SERIALIZATION, "The request body is not valid JSON: "
                    + Messages.abbreviate(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ApiException(CommonErrors.SERIALIZATION, "The request body could not be read.");
        }
        if (parsed == null || parsed.isMissingNode()) {
            return AwsJson.mapper().createObjectNode();
        }
        if (!parsed.isObject()) {
            throw new ApiException(CommonErrors.SERIALIZATION, "The request body must be a JSON object; got "
                    + parsed.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return (ObjectNode) parsed;
    }

    /** An error answer in the awsJson form; also used by the edge for errors before dispatch (size). */
    public static AwsResponse error(String requestId, ErrorCode code, String message, String messageMember) {
        ObjectNode body = AwsJson.mapper().createObjectNode();
        body.put("__type", code.type());
        body.put(messageMember, message);
        return new AwsResponse(code.httpStatus(), Map.of("Content-Type", CONTENT_TYPE, "x-amzn-RequestId", requestId,
                "x-amzn-ErrorType", code.type()), body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static AwsResponse error(String requestId, ErrorCode code, String message, JsonService service) {
        return error(requestId, code, message, service == null ? "message" : service.errorMessageMember());
    }
}
