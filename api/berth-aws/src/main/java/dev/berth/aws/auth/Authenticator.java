package dev.berth.aws.auth;

import dev.berth.aws.protocol.HttpRequestView;

/**
 * Decides who sent a request. With auth off any credentials are accepted and only the region is
 * read from them; with auth on the SigV4 signature is verified against configured keys.
 */
public interface Authenticator {
    /**
     * @param signingName the service name the credential scope should carry ("ecs")
     * @throws dev.berth.domain.error.ApiException when the request may not proceed
     */
    Principal authenticate(HttpRequestView request, String signingName);
}
