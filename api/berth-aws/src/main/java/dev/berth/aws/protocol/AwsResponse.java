package dev.berth.aws.protocol;

import java.util.Map;

/**
 * A finished protocol answer for the edge to write.
 *
 * @param status HTTP status
 * @param headers response headers (content type, request id, error type)
 * @param body the bytes of the body
 */
public record AwsResponse(int status, Map<String, String> headers, byte[] body) {
    public AwsResponse {
        headers = Map.copyOf(headers);
    }
}
