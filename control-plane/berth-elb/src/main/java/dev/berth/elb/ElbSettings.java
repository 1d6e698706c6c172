package dev.berth.elb;

/**
 * @param listenerHost the address every listener binds, and the host of each load balancer's DNSName
 */
public record ElbSettings(String listenerHost) {
    public static ElbSettings defaults() {
        return new ElbSettings("127.0.0.1");
    }
}
