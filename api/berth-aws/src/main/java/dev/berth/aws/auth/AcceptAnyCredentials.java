package dev.berth.aws.auth;

import dev.berth.aws.protocol.HttpRequestView;

/**
 * Auth off (the default of {@code berth up}): any credentials, or none, are accepted; the region
 * comes from the credential scope when there is one.
 */
public final class AcceptAnyCredentials implements Authenticator {
    private final String defaultRegion;

    public AcceptAnyCredentials(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    @Override
    public Principal authenticate(HttpRequestView request, String signingName) {
        try {
            return SigV4Authorization.parse(request.header("Authorization"))
                    .map(auth -> new Principal(auth.accessKeyId(), auth.region().isEmpty() ? defaultRegion : auth.region()))
                    .orElse(new Principal("", defaultRegion));
        } catch (RuntimeException malformed) {
            return new Principal("", defaultRegion);
        }
    }
}
