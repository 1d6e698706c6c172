package dev.berth.lb.config;

import java.util.List;

/**
 * A rule condition with ELB's matching rules. Wildcards: {@code *} any run of characters,
 * {@code ?} exactly one.
 */
public sealed interface Condition {
    /** The URL path (not the query), case-sensitive, with wildcards. */
    record PathPattern(List<String> patterns) implements Condition {
        public PathPattern {
            patterns = List.copyOf(patterns);
        }
    }

    /** The Host header without its port, case-insensitive, with wildcards. */
    record HostHeader(List<String> patterns) implements Condition {
        public HostHeader {
            patterns = List.copyOf(patterns);
        }
    }

    /** A named header (name case-insensitive, never Host); values case-insensitive with wildcards. */
    record HttpHeader(String name, List<String> patterns) implements Condition {
        public HttpHeader {
            patterns = List.copyOf(patterns);
        }
    }

    /**
     * Query-string pairs, case-insensitive with wildcards ({@code \*} and {@code \?} literal).
     * A null key matches any key.
     */
    record QueryString(List<KeyValue> pairs) implements Condition {
        public QueryString {
            pairs = List.copyOf(pairs);
        }
    }

    /** The request method, exact and case-sensitive. */
    record RequestMethod(List<String> methods) implements Condition {
        public RequestMethod {
            methods = List.copyOf(methods);
        }
    }

    /** The client's address (the socket's, never X-Forwarded-For) in one of these CIDR blocks. */
    record SourceIp(List<String> cidrs) implements Condition {
        public SourceIp {
            cidrs = List.copyOf(cidrs);
        }
    }

    /** @param key null for any key */
    record KeyValue(String key, String value) {
    }
}
