package dev.berth.aws.query;

import dev.berth.domain.error.CommonErrors;
import dev.berth.domain.error.ErrorCode;
import java.util.Map;

/**
 * The errors every query-protocol service shares (AWS "Common Errors"), and the query spelling of
 * the protocol-level errors the authenticator raises in their awsJson form: the AWS CLI prints the
 * code, and a query service says {@code SignatureDoesNotMatch} where a JSON one says
 * {@code InvalidSignatureException}.
 */
public final class QueryErrors {
    public static final ErrorCode INVALID_ACTION = new ErrorCode("InvalidAction", 400);
    public static final ErrorCode MISSING_ACTION = new ErrorCode("MissingAction", 400);
    public static final ErrorCode INVALID_QUERY_PARAMETER = new ErrorCode("InvalidQueryParameter", 400);

    private static final Map<ErrorCode, ErrorCode> QUERY_SPELLING = Map.of(
            CommonErrors.MISSING_AUTHENTICATION_TOKEN, new ErrorCode("MissingAuthenticationToken", 403),
            CommonErrors.INCOMPLETE_SIGNATURE, new ErrorCode("IncompleteSignature", 400),
            CommonErrors.INVALID_SIGNATURE, new ErrorCode("SignatureDoesNotMatch", 403),
            CommonErrors.UNRECOGNIZED_CLIENT, new ErrorCode("InvalidClientTokenId", 403));

    private QueryErrors() {
    }

    /** The code as a query service answers it; service-specific codes pass unchanged. */
    static ErrorCode forQuery(ErrorCode code) {
        return QUERY_SPELLING.getOrDefault(code, code);
    }
}
