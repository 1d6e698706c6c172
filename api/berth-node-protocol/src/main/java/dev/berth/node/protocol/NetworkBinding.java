package dev.berth.node.protocol;

/**
 * A published port, as ECS reports it in {@code containers[].networkBindings}.
 *
 * @param bindIP the host address ("0.0.0.0")
 * @param containerPort the port inside the container
 * @param hostPort the port on the host
 * @param protocol tcp or udp
 */
public record NetworkBinding(String bindIP, int containerPort, int hostPort, String protocol) {
}
