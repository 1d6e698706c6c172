package dev.berth.lb.routing;

import java.net.InetAddress;
import java.util.List;

/**
 * What rule conditions look at in a request. The proxy implements it over its own request type,
 * so that routing stays free of Netty and a rule is evaluated without copying the request.
 */
public interface RequestFacts {
    /** The method as received, e.g. {@code GET}. */
    String method();

    /** The path as received, still percent-encoded, without the query. */
    String path();

    /** The query as received (without {@code ?}, still encoded), null when the URL has none. */
    String rawQuery();

    /** The Host header without its port, null when the request has none. */
    String host();

    /** Every value of the named header (name case-insensitive), in the order received; empty when absent. */
    List<String> headerValues(String name);

    /** The client's address: the socket's peer, never X-Forwarded-For. */
    InetAddress sourceAddress();
}
