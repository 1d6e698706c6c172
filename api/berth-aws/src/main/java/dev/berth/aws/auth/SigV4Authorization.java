package dev.berth.aws.auth;

import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.CommonErrors;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a SigV4 {@code Authorization} header:
 * {@code AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/ecs/aws4_request,
 * SignedHeaders=content-type;host;x-amz-date, Signature=<64 hex>}.
 */
public record SigV4Authorization(String accessKeyId, String date, String region, String service,
                                 List<String> signedHeaders, String signature) {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** The credential scope: {@code date/region/service/aws4_request}. */
    public String scope() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }

    /** Parses the header; empty when it is absent, an error when it is present but malformed. */
    public static Optional<SigV4Authorization> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        if (!header.startsWith(ALGORITHM + " ")) {
            throw incomplete("Authorization header must use " + ALGORITHM + ".");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String item = part.trim();
            int equals = item.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String value = item.substring(equals + 1).trim();
            switch (item.substring(0, equals).trim()) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> {
                    // other parameters are not part of SigV4; ignore them as AWS does
                }
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request") || scope[0].isEmpty()) {
            throw incomplete("Credential must look like ACCESS_KEY/YYYYMMDD/REGION/SERVICE/aws4_request; got '"
                    + credential + "'.");
        }
        return Optional.of(new SigV4Authorization(scope[0], scope[1], scope[2], scope[3],
                Arrays.asList(signedHeaders.split(";")), signature));
    }

    private static ApiException incomplete(String message) {
        return new ApiException(CommonErrors.INCOMPLETE_SIGNATURE, message);
    }
}
