package dev.berth.scheduler.cluster;

/** The transport of a host port; ECS reserves TCP and UDP ports separately. */
public enum Protocol {
    TCP,
    UDP
}
