package dev.berth.aws.protocol;

import java.time.Instant;

/**
 * Who asked, where, and when: what an operation may know of its caller.
 *
 * @param requestId the id returned in x-amzn-RequestId
 * @param region the region of the caller's credential scope ({@code us-east-1} when absent)
 * @param accountId the account Berth answers as
 * @param accessKeyId the caller's access key, or empty when it sent none
 * @param receivedAt when the edge received the request (from the injected clock)
 */
public record RequestContext(String requestId, String region, String accountId, String accessKeyId,
                             Instant receivedAt) {
}
