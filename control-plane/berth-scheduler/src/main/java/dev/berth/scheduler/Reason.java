package dev.berth.scheduler;

/**
 * Why an instance cannot take a copy, with the words ECS uses in a RunTask failure. When an
 * instance fails several checks, the first in this order is reported: the request's constraints
 * (in the order given), required attributes, CPU, memory, TCP ports, UDP ports.
 */
public enum Reason {
    MEMBER_OF("MemberOf placement constraint unsatisfied."),
    DISTINCT_INSTANCE("DistinctInstance placement constraint unsatisfied."),
    ATTRIBUTE("ATTRIBUTE"),
    CPU("RESOURCE:CPU"),
    MEMORY("RESOURCE:MEMORY"),
    PORTS("RESOURCE:PORTS"),
    PORTS_UDP("RESOURCE:PORTS_UDP");

    private final String ecsReason;

    Reason(String ecsReason) {
        this.ecsReason = ecsReason;
    }

    /** The reason as ECS words it in {@code failures[].reason}. */
    public String ecsReason() {
        return ecsReason;
    }
}
