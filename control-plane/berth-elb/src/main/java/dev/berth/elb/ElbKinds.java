package dev.berth.elb;

/**
 * The record kinds ELB resources are stored as. Ids nest so that one prefix scan finds a load
 * balancer's listeners and a listener's rules, and a target group's targets. Bodies hold the
 * resource in ELB's output form (member names as the API spells them) plus internal members
 * whose names start with an underscore, which are never rendered.
 */
public final class ElbKinds {
    /** id: load balancer name. */
    public static final String LOAD_BALANCER = "elb.load-balancer";
    /** id: {@code lbName/listenerId}. */
    public static final String LISTENER = "elb.listener";
    /** id: {@code lbName/listenerId/ruleId}. */
    public static final String RULE = "elb.rule";
    /** id: target group name. */
    public static final String TARGET_GROUP = "elb.target-group";
    /** id: {@code tgName/targetId/port}. */
    public static final String TARGET = "elb.target";

    private ElbKinds() {
    }

    public static String targetId(String targetGroupName, String targetId, int port) {
        return targetGroupName + "/" + targetId + "/" + port;
    }
}
