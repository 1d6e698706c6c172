package dev.berth.aws.protocol;

import java.util.List;
import java.util.Map;

/**
 * What the protocol layer needs of an HTTP request, so it stays independent of the HTTP server.
 * The body has already been read in full (and within the size limit) by the edge.
 */
public interface HttpRequestView {
    String method();

    /** The raw path, e.g. {@code /}. */
    String path();

    /** The raw query string without '?', or empty. */
    String rawQuery();

    /** A header's value (case-insensitive name), or null. */
    String header(String name);

    /** Every header as received, for signature checks. */
    List<Map.Entry<String, String>> headers();

    byte[] body();
}
