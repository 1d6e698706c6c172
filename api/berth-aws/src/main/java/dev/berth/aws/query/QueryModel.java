package dev.berth.aws.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.aws.json.AwsJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * What the query protocol needs of a service model beyond what validation needs: the API
 * version, the XML namespace, result wrappers and the XML names and flattening of members.
 * Read from the same classpath resource as {@link dev.berth.aws.model.ServiceModel}. Immutable.
 */
final class QueryModel {
    private final JsonNode metadata;
    private final JsonNode operations;
    private final JsonNode shapes;

    private QueryModel(JsonNode root) {
        this.metadata = root.path("metadata");
        this.operations = root.path("operations");
        this.shapes = root.path("shapes");
    }

    /** Loads {@code dev/berth/aws/models/NAME.json}, e.g. {@code elbv2}. */
    static QueryModel load(String name) {
        String resource = "/dev/berth/aws/models/" + name + ".json";
        try (InputStream in = QueryModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no service model on the classpath at " + resource);
            }
            return new QueryModel(AwsJson.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    String apiVersion() {
        return metadata.path("apiVersion").asText();
    }

    String endpointPrefix() {
        return metadata.path("endpointPrefix").asText();
    }

    /** The model's own name for the service ({@code Elastic Load Balancing v2}), for messages. */
    String serviceId() {
        return metadata.path("serviceId").asText(endpointPrefix());
    }

    /** Every query model carries one; the fallback is the form the older AWS models all follow. */
    String xmlNamespace() {
        return metadata.path("xmlNamespace").asText("http://" + endpointPrefix() + ".amazonaws.com/doc/" + apiVersion()
                + "/");
    }

    Optional<String> outputShape(String operation) {
        JsonNode output = operations.path(operation).path("output").path("shape");
        return output.isMissingNode() ? Optional.empty() : Optional.of(output.asText());
    }

    /** The element between {@code <OpResponse>} and the output's members, e.g. {@code DescribeRulesResult}. */
    Optional<String> resultWrapper(String operation) {
        JsonNode wrapper = operations.path(operation).path("output").path("resultWrapper");
        return wrapper.isMissingNode() ? Optional.empty() : Optional.of(wrapper.asText());
    }

    JsonNode shape(String name) {
        JsonNode shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalStateException("the model has no shape " + name);
        }
        return shape;
    }

    /** The shape a member, list member, map key or map value reference points to. */
    JsonNode target(JsonNode reference) {
        return shape(reference.path("shape").asText());
    }

    /** A reference's {@code locationName}, else that of the shape it points to, else the default. */
    String xmlName(JsonNode reference, String otherwise) {
        JsonNode name = reference.get("locationName");
        if (name == null) {
            name = target(reference).get("locationName");
        }
        return name == null ? otherwise : name.asText();
    }

    boolean flattened(JsonNode reference) {
        return reference.path("flattened").asBoolean(false) || target(reference).path("flattened").asBoolean(false);
    }

    /**
     * The name a structure member has on the wire, both as a form parameter segment and as an
     * element: a flattened list whose members are named goes by that name (as botocore does).
     */
    String memberName(String member, JsonNode reference) {
        JsonNode shape = target(reference);
        if (shape.path("type").asText().equals("list") && flattened(reference)) {
            JsonNode elementName = shape.path("member").get("locationName");
            if (elementName != null) {
                return elementName.asText();
            }
        }
        return xmlName(reference, member);
    }
}
