package dev.berth.aws.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.auth.Authenticator;
import dev.berth.aws.auth.Principal;
import dev.berth.aws.auth.SigV4Authorization;
import dev.berth.aws.protocol.AwsResponse;
import dev.berth.aws.protocol.HttpRequestView;
import dev.berth.aws.protocol.JsonOperation;
import dev.berth.aws.protocol.OperationListener;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.CommonErrors;
import dev.berth.domain.error.ErrorCode;
import dev.berth.domain.id.IdGenerator;
import dev.berth.domain.validation.Messages;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query-protocol pipeline, independent of the HTTP server: read the form parameters, route by
 * {@code Action}, authenticate, decode into the awsJson form, validate against the model, invoke,
 * and encode the answer or the error as XML. The twin of
 * {@link dev.berth.aws.protocol.AwsJsonDispatcher}, with the same fault barrier.
 *
 * <p>Routing: an Action alone does not name a service (ELB classic and ELBv2 both have
 * DescribeLoadBalancers, and both sign as {@code elasticloadbalancing}), so the candidates are
 * first narrowed to the services whose API version is the request's {@code Version}, then to
 * those whose signing name is the service of the SigV4 credential scope, each step only if it
 * leaves a candidate (a client with an odd scope or no Version is still served). The first
 * remaining service, in registration order, whose model has the Action takes the request.
 * The Version is not otherwise enforced.
 *
 * <p>Thread-safe; called on virtual threads.
 */
public final class QueryDispatcher {
    public static final String CONTENT_TYPE = "text/xml";
    private static final Logger LOG = LoggerFactory.getLogger(QueryDispatcher.class);

    private final List<QueryService> services;
    private final Authenticator authenticator;
    private final String accountId;
    private final Clock clock;
    private final IdGenerator ids;
    private final OperationListener listener;

    public QueryDispatcher(List<QueryService> services, Authenticator authenticator, String accountId, Clock clock,
                           IdGenerator ids, OperationListener listener) {
        Set<String> seen = new HashSet<>();
        for (QueryService service : services) {
            if (!seen.add(service.signingName() + " " + service.apiVersion())) {
                throw new IllegalArgumentException(service.signingName() + " " + service.apiVersion()
                        + " is registered twice");
            }
        }
        this.services = List.copyOf(services);
        this.authenticator = authenticator;
        this.accountId = accountId;
        this.clock = clock;
        this.ids = ids;
        this.listener = listener;
    }

    /** Whether this dispatcher should take the request: a form posted to {@code /}, or an Action in its query. */
    public static boolean accepts(HttpRequestView request) {
        return accepts(request.method(), request.path(), request.header("Content-Type"), request.rawQuery());
    }

    /** The same decision from the request line and headers alone, before the body is read. */
    public static boolean accepts(String method, String path, String contentType, String rawQuery) {
        if (!"/".equals(path)) {
            return false;
        }
        return (method.equals("POST") && FormParameters.isForm(contentType))
                || ((method.equals("GET") || method.equals("POST")) && FormParameters.namesAction(rawQuery));
    }

    public AwsResponse dispatch(HttpRequestView request) {
        long started = System.nanoTime();
        String requestId = IdGenerator.asUuid(ids.newId());
        String action = null;
        QueryService service = null;
        AwsResponse response;
        try {
            Map<String, String> parameters = FormParameters.of(request);
            action = parameters.get("Action");
            service = route(request, parameters, action);
            response = invoke(request, requestId, parameters, service, action);
        } catch (ApiException e) {
            response = error(requestId, QueryErrors.forQuery(e.code()), e.getMessage(), service);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("request {} ({}) failed", requestId, action, e);
            response = error(requestId, CommonErrors.INTERNAL_FAILURE,
                    "The request processing has failed because of an unknown error. Request id " + requestId + ".", service);
        }
        listener.completed(service == null ? "unknown" : service.name(), service == null ? "unknown" : action,
                response.status(), System.nanoTime() - started);
        return response;
    }

    private QueryService route(HttpRequestView request, Map<String, String> parameters, String action) {
        if (action == null || action.isEmpty()) {
            return null;
        }
        List<QueryService> candidates = services;
        String version = parameters.get("Version");
        candidates = narrow(candidates, service -> service.apiVersion().equals(version));
        String scope = scopeService(request);
        candidates = narrow(candidates, service -> service.signingName().equals(scope));
        return candidates.stream().filter(service -> service.model().hasOperation(action)).findFirst().orElse(null);
    }

    private static List<QueryService> narrow(List<QueryService> candidates, Predicate<QueryService> keep) {
        List<QueryService> kept = candidates.stream().filter(keep).toList();
        return kept.isEmpty() ? candidates : kept;
    }

    /** The service of the credential scope, or null; a malformed header is the authenticator's to refuse. */
    private static String scopeService(HttpRequestView request) {
        try {
            return SigV4Authorization.parse(request.header("Authorization")).map(SigV4Authorization::service).orElse(null);
        } catch (ApiException malformed) {
            return null;
        }
    }

    private AwsResponse invoke(HttpRequestView request, String requestId, Map<String, String> parameters,
                               QueryService service, String action) {
        if (action == null || action.isEmpty()) {
            throw new ApiException(QueryErrors.MISSING_ACTION, "The request must name an Action.");
        }
        if (service == null) {
            throw new ApiException(QueryErrors.INVALID_ACTION, "The action " + Messages.abbreviate(action)
                    + " is not valid for this web service.");
        }
        JsonOperation operation = service.operation(action).orElseThrow(() -> new ApiException(
                QueryErrors.INVALID_ACTION, "Berth does not implement " + service.displayName() + " " + action + " yet."));
        Principal principal = authenticator.authenticate(request, service.signingName());
        Optional<String> inputShape = service.model().inputShape(action);
        ObjectNode input = inputShape.isPresent()
                ? service.validator().validate(inputShape.get(), service.decoder().decode(inputShape.get(), parameters))
                : JsonNodeFactory.instance.objectNode();
        RequestContext context = new RequestContext(requestId, principal.region(), accountId, principal.accessKeyId(),
                clock.instant());
        JsonNode output = operation.invoke(context, input);
        return new AwsResponse(200, Map.of("Content-Type", CONTENT_TYPE, "x-amzn-RequestId", requestId),
                service.encoder().result(action, output, requestId));
    }

    /** An error answer in the query form, without a namespace; used by the edge for errors before dispatch (size). */
    public static AwsResponse error(String requestId, ErrorCode code, String message) {
        return error(requestId, code, message, (String) null);
    }

    private static AwsResponse error(String requestId, ErrorCode code, String message, QueryService service) {
        return error(requestId, code, message, service == null ? null : service.xmlNamespace());
    }

    private static AwsResponse error(String requestId, ErrorCode code, String message, String namespace) {
        return new AwsResponse(code.httpStatus(), Map.of("Content-Type", CONTENT_TYPE, "x-amzn-RequestId", requestId),
                QueryXmlEncoder.error(namespace, code, message, requestId));
    }
}
