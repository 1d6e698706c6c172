package dev.berth.domain.error;

import java.util.Objects;

/**
 * An error category as a client sees it on the wire: the AWS error type name ({@code __type} in
 * awsJson, {@code Code} in the query protocol) and the HTTP status that goes with it.
 *
 * @param type the error type, e.g. {@code ClientException}
 * @param httpStatus 4xx for the caller's mistakes, 5xx only for real faults
 */
public record ErrorCode(String type, int httpStatus) {
    public ErrorCode {
        Objects.requireNonNull(type, "type");
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("error status must be 4xx or 5xx: " + httpStatus);
        }
    }

    public boolean isClientError() {
        return httpStatus < 500;
    }
}
