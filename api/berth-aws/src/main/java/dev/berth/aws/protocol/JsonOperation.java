package dev.berth.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One operation of an awsJson service: validated input in, the output structure out. */
@FunctionalInterface
public interface JsonOperation {
    /**
     * @param context the caller and the time of the request
     * @param input the request, already checked against the operation's input shape
     * @return the output structure; {@code null} for an operation with empty output
     * @throws dev.berth.domain.error.ApiException for anything the caller must fix
     */
    JsonNode invoke(RequestContext context, ObjectNode input);
}
