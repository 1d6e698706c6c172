package dev.berth.aws.auth;

import dev.berth.aws.protocol.HttpRequestView;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.CommonErrors;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Auth on: verifies AWS Signature Version 4 in the Authorization header against a fixed set of
 * access keys. Implemented here because it is the contract every AWS client speaks to Berth and
 * a dozen lines of HMAC do not warrant a dependency on a whole SDK on the server side.
 * Thread-safe: the keys are immutable and every call makes its own Mac.
 */
public final class SigV4Verifier implements Authenticator {
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, String> secretsByAccessKey;
    private final Clock clock;

    public SigV4Verifier(Map<String, String> secretsByAccessKey, Clock clock) {
        this.secretsByAccessKey = Map.copyOf(secretsByAccessKey);
        this.clock = clock;
    }

    @Override
    public Principal authenticate(HttpRequestView request, String signingName) {
        SigV4Authorization auth = SigV4Authorization.parse(request.header("Authorization"))
                .orElseThrow(() -> new ApiException(CommonErrors.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token"));
        String secret = secretsByAccessKey.get(auth.accessKeyId());
        if (secret == null) {
            throw new ApiException(CommonErrors.UNRECOGNIZED_CLIENT,
                    "The security token included in the request is invalid.");
        }
        String amzDate = request.header("X-Amz-Date");
        if (amzDate == null) {
            throw new ApiException(CommonErrors.INCOMPLETE_SIGNATURE, "The request must carry an X-Amz-Date header.");
        }
        checkTime(amzDate, auth);
        String expected = signature(secret, amzDate, auth, canonicalRequest(request, auth.signedHeaders()));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiException(CommonErrors.INVALID_SIGNATURE, "The request signature we calculated does not match "
                    + "the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return new Principal(auth.accessKeyId(), auth.region());
    }

    private void checkTime(String amzDate, SigV4Authorization auth) {
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new ApiException(CommonErrors.INCOMPLETE_SIGNATURE, "X-Amz-Date must look like 20261122T013420Z; got '"
                    + amzDate + "'.");
        }
        if (!amzDate.startsWith(auth.date())) {
            throw new ApiException(CommonErrors.INVALID_SIGNATURE, "The credential scope date " + auth.date()
                    + " does not match X-Amz-Date " + amzDate + ".");
        }
        Duration skew = Duration.between(signedAt, clock.instant()).abs();
        if (skew.compareTo(MAX_SKEW) > 0) {
            throw new ApiException(CommonErrors.INVALID_SIGNATURE, "Signature expired: " + amzDate
                    + " is more than 15 minutes from the server time " + AMZ_DATE.format(clock.instant()) + ".");
        }
    }

    static String canonicalRequest(HttpRequestView request, List<String> signedHeaders) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(request.method()).append('\n');
        canonical.append(canonicalPath(request.path())).append('\n');
        canonical.append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> header : request.headers()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    values.add(header.getValue().trim().replaceAll(" +", " "));
                }
            }
            canonical.append(name.toLowerCase(Locale.ROOT)).append(':').append(String.join(",", values)).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n');
        String payloadHash = request.header("x-amz-content-sha256");
        canonical.append(payloadHash != null ? payloadHash : HEX.formatHex(sha256(request.body())));
        return canonical.toString();
    }

    private static String canonicalPath(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        // Every segment is encoded once more: for all services but S3 SigV4 signs the encoded path encoded again.
        StringJoiner joined = new StringJoiner("/");
        for (String segment : path.split("/", -1)) {
            joined.add(encode(segment));
        }
        return joined.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            pairs.add(new String[] {encode(key), encode(value)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            out.append(out.isEmpty() ? "" : "&").append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    private static String signature(String secret, String amzDate, SigV4Authorization auth, String canonicalRequest) {
        String stringToSign = SigV4Authorization.ALGORITHM + "\n" + amzDate + "\n" + auth.scope() + "\n"
                + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        key = hmac(key, "aws4_request");
        return HEX.formatHex(hmac(key, stringToSign));
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 requires. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX.withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
