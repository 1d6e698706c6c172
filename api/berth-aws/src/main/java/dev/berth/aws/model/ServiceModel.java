package dev.berth.aws.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.aws.json.AwsJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * An AWS service model as botocore ships it (documentation stripped; see tools/), read from the
 * classpath. The same model the AWS CLI and SDKs are generated from, so names, types, enums and
 * required members agree with the clients by construction. Immutable after loading.
 */
public final class ServiceModel {
    private final JsonNode metadata;
    private final JsonNode operations;
    private final JsonNode shapes;

    private ServiceModel(JsonNode root) {
        this.metadata = root.path("metadata");
        this.operations = root.path("operations");
        this.shapes = root.path("shapes");
    }

    /** Loads {@code dev/berth/aws/models/NAME.json}, e.g. {@code ecs}. */
    public static ServiceModel load(String name) {
        String resource = "/dev/berth/aws/models/" + name + ".json";
        try (InputStream in = ServiceModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no service model on the classpath at " + resource);
            }
            return new ServiceModel(AwsJson.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The awsJson {@code X-Amz-Target} prefix, e.g. {@code AmazonEC2ContainerServiceV20141113}. */
    public String targetPrefix() {
        return metadata.path("targetPrefix").asText();
    }

    public String signingName() {
        return metadata.path("signingName").asText(metadata.path("endpointPrefix").asText());
    }

    public String protocol() {
        return metadata.path("protocol").asText();
    }

    public Set<String> operationNames() {
        Set<String> names = new LinkedHashSet<>();
        operations.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The input shape name of an operation, if the operation exists and takes input. */
    public Optional<String> inputShape(String operation) {
        JsonNode input = operations.path(operation).path("input").path("shape");
        return input.isMissingNode() ? Optional.empty() : Optional.of(input.asText());
    }

    public boolean hasOperation(String operation) {
        return operations.has(operation);
    }

    JsonNode shape(String name) {
        JsonNode shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalStateException("the model has no shape " + name);
        }
        return shape;
    }

    /** Member names of a structure shape, in model order. */
    public Iterator<String> memberNames(String structureShape) {
        return shape(structureShape).path("members").fieldNames();
    }
}
