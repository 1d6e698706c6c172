package dev.berth.lb.config;

import java.util.List;

/** A rule's terminal action. */
public sealed interface ActionSpec {
    /**
     * Forward to one target group, or split by weight among several (blue/green). A group of
     * weight 0 receives nothing.
     */
    record Forward(List<WeightedGroup> groups) implements ActionSpec {
        public Forward {
            groups = List.copyOf(groups);
        }

        public static Forward to(String targetGroupArn) {
            return new Forward(List.of(new WeightedGroup(targetGroupArn, 1)));
        }
    }

    /** @param weight 0..999 */
    record WeightedGroup(String targetGroupArn, int weight) {
    }

    /**
     * @param statusCode 2xx, 4xx or 5xx
     * @param contentType may be null
     * @param body may be null
     */
    record FixedResponse(int statusCode, String contentType, String body) implements ActionSpec {
    }

    /**
     * Each component null keeps the request's; the others may use {@code #{protocol}},
     * {@code #{host}}, {@code #{port}}, {@code #{path}} (without its leading slash) and
     * {@code #{query}}.
     *
     * @param statusCode 301 or 302
     */
    record Redirect(String protocol, String host, String port, String path, String query, int statusCode)
            implements ActionSpec {
    }
}
