package dev.berth.node.protocol;

/** The HTTP paths of the agent protocol, on the control plane's edge port. */
public final class AgentPaths {
    public static final String PREFIX = "/agent/v1";
    /** POST {@link RegisterRequest} → {@link RegisterResponse}. */
    public static final String REGISTER = PREFIX + "/register";
    /** GET ?after=INDEX&waitSeconds=N → {@link DesiredState}; Bearer token. */
    public static final String DESIRED = PREFIX + "/desired";
    /** POST {@link Report} → {@link ReportAck}; Bearer token. */
    public static final String REPORT = PREFIX + "/report";

    private AgentPaths() {
    }
}
