package dev.berth.server.edge;

import dev.berth.aws.protocol.AwsResponse;
import dev.berth.aws.protocol.HttpRequestView;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A front door other than the AWS APIs, by path: the agent protocol today, the registry and the
 * console later. The handler runs on a virtual thread and may block (a long-poll does).
 *
 * @param matches which paths it serves
 * @param handler the request, read in full, to the answer
 */
public record Route(Predicate<String> matches, Function<HttpRequestView, AwsResponse> handler) {
}
