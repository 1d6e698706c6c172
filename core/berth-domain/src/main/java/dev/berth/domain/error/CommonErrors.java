package dev.berth.domain.error;

/** Error categories shared by every AWS JSON service, raised by the protocol layer. */
public final class CommonErrors {
    public static final ErrorCode UNKNOWN_OPERATION = new ErrorCode("UnknownOperationException", 400);
    public static final ErrorCode SERIALIZATION = new ErrorCode("SerializationException", 400);
    public static final ErrorCode REQUEST_TOO_LARGE = new ErrorCode("RequestEntityTooLargeException", 413);
    public static final ErrorCode MISSING_AUTHENTICATION_TOKEN = new ErrorCode("MissingAuthenticationTokenException", 403);
    public static final ErrorCode INCOMPLETE_SIGNATURE = new ErrorCode("IncompleteSignatureException", 400);
    public static final ErrorCode INVALID_SIGNATURE = new ErrorCode("InvalidSignatureException", 400);
    public static final ErrorCode UNRECOGNIZED_CLIENT = new ErrorCode("UnrecognizedClientException", 400);
    public static final ErrorCode INTERNAL_FAILURE = new ErrorCode("InternalFailure", 500);

    private CommonErrors() {
    }
}
