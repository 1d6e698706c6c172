package dev.berth.ecr;

import dev.berth.node.protocol.RegistryAccess;
import dev.berth.registry.http.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * The credentials the registry accepts, as HTTP Basic: user {@code AWS} with a token from
 * GetAuthorizationToken (what {@code docker login} stores), or an agent with its instance token.
 */
final class RegistryLogins implements RegistryAuth {
    private final AuthorizationTokens tokens;
    private final Predicate<String> agentToken;
    private final Clock clock;

    RegistryLogins(AuthorizationTokens tokens, Predicate<String> agentToken, Clock clock) {
        this.tokens = tokens;
        this.agentToken = agentToken;
        this.clock = clock;
    }

    @Override
    public boolean permits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (user.equals("AWS")) {
            return tokens.valid(password, clock.instant());
        }
        return user.equals(RegistryAccess.AGENT_USERNAME) && agentToken.test(password);
    }
}
