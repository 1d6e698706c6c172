package dev.berth.aws.protocol;

import dev.berth.aws.model.InputValidator;
import dev.berth.aws.model.ServiceModel;
import dev.berth.aws.model.ValidationErrors;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An awsJson1.1 front door: a service model plus the operations Berth implements for it.
 * Built once at start-up with {@link Builder}; immutable and thread-safe afterwards.
 */
public final class JsonService {
    private final ServiceModel model;
    private final InputValidator validator;
    private final String errorMessageMember;
    private final Map<String, JsonOperation> operations;

    private JsonService(Builder builder) {
        this.model = builder.model;
        this.validator = new InputValidator(builder.model, builder.validationErrors);
        this.errorMessageMember = builder.errorMessageMember;
        this.operations = Collections.unmodifiableMap(new LinkedHashMap<>(builder.operations));
    }

    public static Builder builder(ServiceModel model, ValidationErrors validationErrors) {
        return new Builder(model, validationErrors);
    }

    public ServiceModel model() {
        return model;
    }

    public String targetPrefix() {
        return model.targetPrefix();
    }

    InputValidator validator() {
        return validator;
    }

    /** {@code message} for ECS, {@code Message} for SSM and others, as each model spells it. */
    String errorMessageMember() {
        return errorMessageMember;
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
        private final ValidationErrors validationErrors;
        private final Map<String, JsonOperation> operations = new LinkedHashMap<>();
        private String errorMessageMember = "message";

        private Builder(ServiceModel model, ValidationErrors validationErrors) {
            this.model = model;
            this.validationErrors = validationErrors;
        }

        public Builder errorMessageMember(String member) {
            this.errorMessageMember = member;
            return this;
        }

        public Builder operation(String name, JsonOperation operation) {
            if (!model.hasOperation(name)) {
                throw new IllegalArgumentException(model.targetPrefix() + " has no operation " + name);
            }
            if (operations.putIfAbsent(name, operation) != null) {
                throw new IllegalArgumentException(name + " is registered twice");
            }
            return this;
        }

        public JsonService build() {
            return new JsonService(this);
        }
    }
}
