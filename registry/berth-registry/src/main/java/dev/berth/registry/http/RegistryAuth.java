package dev.berth.registry.http;

/**
 * Who may use the registry. Every route under {@code /v2/} needs credentials, as on ECR: a client
 * without them gets 401 and the challenge that makes {@code docker login} send them.
 */
@FunctionalInterface
public interface RegistryAuth {
    /**
     * @param authorization the request's Authorization header, or null
     * @return whether it carries valid credentials
     */
    boolean permits(String authorization);
}
