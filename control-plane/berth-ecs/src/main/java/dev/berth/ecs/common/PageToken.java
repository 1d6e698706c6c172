package dev.berth.ecs.common;

import dev.berth.domain.error.EcsErrors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code nextToken} of list operations: where the previous page stopped, tied to the
 * operation so a token from one listing is not taken by another.
 */
public final class PageToken {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private PageToken() {
    }

    public static String encode(String operation, String lastId) {
        return ENCODER.encodeToString((operation + "\n" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id the page after {@code token} starts after; null when there is no token. */
    public static String decode(String operation, String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String text = new String(DECODER.decode(token), StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            if (newline > 0 && text.substring(0, newline).equals(operation)) {
                return text.substring(newline + 1);
            }
        } catch (IllegalArgumentException notBase64) {
            // reported below like any other token that is not ours
        }
        throw EcsErrors.invalidParameter("nextToken is not a token this operation returned.");
    }

    /** maxResults checked against ECS's range, or the operation's default. */
    public static int pageSize(Integer maxResults, int defaultSize) {
        if (maxResults == null) {
            return defaultSize;
        }
        if (maxResults < 1 || maxResults > 100) {
            throw EcsErrors.invalidParameter("maxResults must be between 1 and 100; got " + maxResults + ".");
        }
        return maxResults;
    }
}
