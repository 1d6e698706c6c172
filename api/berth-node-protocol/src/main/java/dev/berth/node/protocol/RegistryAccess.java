package dev.berth.node.protocol;

/**
 * How an agent pulls images from its server's registry: HTTP Basic with this user name and the
 * agent's instance token as the password, so an agent needs no ECR token of its own (one that would
 * expire every 12 hours) and a deregistered instance loses access with its token.
 */
public final class RegistryAccess {
    public static final String AGENT_USERNAME = "berth-agent";

    private RegistryAccess() {
    }
}
