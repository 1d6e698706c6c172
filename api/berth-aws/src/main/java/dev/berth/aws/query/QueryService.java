package dev.berth.aws.query;

import dev.berth.aws.model.InputValidator;
import dev.berth.aws.model.ServiceModel;
import dev.berth.aws.model.ValidationErrors;
import dev.berth.aws.protocol.JsonOperation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A query-protocol front door: a service model plus the operations Berth implements for it.
 * Operations are the same {@link JsonOperation}s the awsJson front doors use: they take the
 * validated input in the awsJson form of the model and return the output in that form, and the
 * protocol translates on either side. Built once at start-up with {@link Builder}; immutable and
 * thread-safe afterwards.
 */
public final class QueryService {
    private final ServiceModel model;
    private final QueryModel queryModel;
    private final InputValidator validator;
    private final QueryInputDecoder decoder;
    private final QueryXmlEncoder encoder;
    private final Map<String, JsonOperation> operations;

    private QueryService(Builder builder) {
        this.model = builder.model;
        this.queryModel = builder.queryModel;
        this.validator = new InputValidator(builder.model, builder.validationErrors);
        this.decoder = new QueryInputDecoder(builder.queryModel, builder.validationErrors.wrongType());
        this.encoder = new QueryXmlEncoder(builder.queryModel);
        this.operations = Collections.unmodifiableMap(new LinkedHashMap<>(builder.operations));
    }

    /**
     * @param modelName the model resource, {@code dev/berth/aws/models/NAME.json} (e.g. {@code elbv2})
     * @param validationErrors what input that does not fit the model is answered with; for ELB
     *     both are {@code ValidationError}
     */
    public static Builder builder(String modelName, ValidationErrors validationErrors) {
        return new Builder(ServiceModel.load(modelName), QueryModel.load(modelName), validationErrors);
    }

    public ServiceModel model() {
        return model;
    }

    /** The SigV4 service name, e.g. {@code elasticloadbalancing}; the first thing requests are routed by. */
    public String signingName() {
        return model.signingName();
    }

    /** The {@code Version} parameter the clients send, e.g. {@code 2015-12-01}. */
    public String apiVersion() {
        return queryModel.apiVersion();
    }

    public String xmlNamespace() {
        return queryModel.xmlNamespace();
    }

    /** The name requests are counted under in metrics: the model's endpoint prefix. */
    public String name() {
        return queryModel.endpointPrefix();
    }

    String displayName() {
        return queryModel.serviceId();
    }

    InputValidator validator() {
        return validator;
    }

    QueryInputDecoder decoder() {
        return decoder;
    }

    QueryXmlEncoder encoder() {
        return encoder;
    }

    Optional<JsonOperation> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    public Map<String, JsonOperation> operations() {
        return operations;
    }

    /** Collects the operations of one service; not thread-safe. */
    public static final class Builder {
        private final ServiceModel model;
        private final QueryModel queryModel;
        private final ValidationErrors validationErrors;
        private final Map<String, JsonOperation> operations = new LinkedHashMap<>();

        private Builder(ServiceModel model, QueryModel queryModel, ValidationErrors validationErrors) {
            if (!model.protocol().equals("query")) {
                throw new IllegalArgumentException("the model is for the " + model.protocol() + " protocol, not query");
            }
            this.model = model;
            this.queryModel = queryModel;
            this.validationErrors = validationErrors;
        }

        public Builder operation(String name, JsonOperation operation) {
            if (!model.hasOperation(name)) {
                throw new IllegalArgumentException(queryModel.endpointPrefix() + " has no operation " + name);
            }
            if (operations.putIfAbsent(name, operation) != null) {
                throw new IllegalArgumentException(name + " is registered twice");
            }
            return this;
        }

        public QueryService build() {
            return new QueryService(this);
        }
    }
}
