package dev.berth.domain.error;

/**
 * The one exception type that crosses from services to the edge. The edge turns it into the
 * protocol's error body; anything else that escapes a handler is a fault (500) and is logged.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
