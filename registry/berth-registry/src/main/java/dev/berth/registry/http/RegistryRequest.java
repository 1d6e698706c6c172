package dev.berth.registry.http;

import java.io.InputStream;

/** One request under {@code /v2/}, as the edge hands it over: headers read, the body still streaming. */
public interface RegistryRequest {
    /** GET, HEAD, POST, PATCH, PUT or DELETE. */
    String method();

    /** The path, percent-decoded, starting with {@code /v2/}. */
    String path();

    /** The first value of a query parameter, decoded; null when absent. */
    String query(String name);

    /** A header's value; null when absent. */
    String header(String name);

    /**
     * The body as it arrives: reading blocks (the handler runs on a virtual thread) and the edge
     * stops reading from the socket while the handler falls behind.
     */
    InputStream body();
}
