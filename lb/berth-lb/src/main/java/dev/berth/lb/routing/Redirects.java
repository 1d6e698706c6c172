package dev.berth.lb.routing;

import dev.berth.lb.config.ActionSpec;
import java.util.Locale;

/**
 * The {@code Location} of ALB's redirect action. Each component the action leaves null keeps the
 * request's; the others may reuse the request's through {@code #{protocol}}, {@code #{host}},
 * {@code #{port}}, {@code #{path}} (without its leading slash, so {@code /new/#{path}} keeps one)
 * and {@code #{query}}. Keywords are replaced in one pass, so a request whose path contains
 * {@code #{host}} is not expanded twice. Unknown keywords stay as written.
 */
public final class Redirects {
    private Redirects() {
    }

    /**
     * @param scheme the request's, {@code http} or {@code https}
     * @param host the request's host, without port; must not be null
     * @param port the port the request arrived on
     * @param path the request's path as received
     * @param rawQuery the request's query as received, null when none
     * @return an absolute URL; the port is left out when it is the protocol's default, the query
     *     (with its {@code ?}) when it is empty
     */
    public static String location(ActionSpec.Redirect redirect, String scheme, String host, int port, String path,
                                  String rawQuery) {
        Request request = new Request(scheme.toLowerCase(Locale.ROOT), host, Integer.toString(port),
                path.startsWith("/") ? path.substring(1) : path, rawQuery == null ? "" : rawQuery);

        // ALB prints the protocol in lower case whatever case the action uses (HTTP, HTTPS).
        String newScheme = component(redirect.protocol(), request.scheme, request).toLowerCase(Locale.ROOT);
        String newHost = component(redirect.host(), request.host, request);
        String newPort = component(redirect.port(), request.port, request);
        String newPath = component(redirect.path(), path, request);
        String newQuery = component(redirect.query(), request.query, request);

        StringBuilder location = new StringBuilder(newScheme).append("://");
        if (newHost.indexOf(':') >= 0 && !newHost.startsWith("[")) {
            location.append('[').append(newHost).append(']');
        } else {
            location.append(newHost);
        }
        if (!isDefaultPort(newScheme, newPort)) {
            location.append(':').append(newPort);
        }
        if (!newPath.startsWith("/")) {
            location.append('/');
        }
        location.append(newPath);
        if (!newQuery.isEmpty()) {
            location.append('?').append(newQuery);
        }
        return location.toString();
    }

    private static boolean isDefaultPort(String scheme, String port) {
        return scheme.equals("http") && port.equals("80") || scheme.equals("https") && port.equals("443");
    }

    private static String component(String template, String original, Request request) {
        if (template == null) {
            return original;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("#{", i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (close < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            String value = request.value(template.substring(open + 2, close));
            out.append(value == null ? template.substring(open, close + 1) : value);
            i = close + 1;
        }
        return out.toString();
    }

    /** What the keywords stand for. */
    private record Request(String scheme, String host, String port, String pathWithoutSlash, String query) {
        String value(String keyword) {
            return switch (keyword) {
                case "protocol" -> scheme;
                case "host" -> host;
                case "port" -> port;
                case "path" -> pathWithoutSlash;
                case "query" -> query;
                default -> null;
            };
        }
    }
}
