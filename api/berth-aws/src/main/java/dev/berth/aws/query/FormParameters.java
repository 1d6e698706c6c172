package dev.berth.aws.query;

import dev.berth.aws.protocol.HttpRequestView;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.validation.Messages;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of a query-protocol request: the query string, plus the body when it is a form.
 * Both are {@code application/x-www-form-urlencoded} UTF-8 ({@code +} is a space; the AWS
 * clients send {@code %20} anyway).
 */
final class FormParameters {
    static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    private FormParameters() {
    }

    static boolean isForm(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith(FORM_CONTENT_TYPE);
    }

    /** Whether a raw query string names an {@code Action} (undecoded: the name is plain ASCII). */
    static boolean namesAction(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("Action=")) {
                return true;
            }
        }
        return false;
    }

    /** In the order received; a name given twice is refused rather than one of its values guessed. */
    static Map<String, String> of(HttpRequestView request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        add(parameters, request.rawQuery());
        if (request.method().equals("POST") && isForm(request.header("Content-Type"))) {
            add(parameters, new String(request.body(), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static void add(Map<String, String> parameters, String form) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (parameters.putIfAbsent(name, value) != null) {
                throw new ApiException(QueryErrors.INVALID_QUERY_PARAMETER, "The parameter '" + Messages.abbreviate(name)
                        + "' is given more than once.");
            }
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(QueryErrors.INVALID_QUERY_PARAMETER, "The parameters are not correctly "
                    + "percent-encoded near '" + Messages.abbreviate(text) + "'.");
        }
    }
}
