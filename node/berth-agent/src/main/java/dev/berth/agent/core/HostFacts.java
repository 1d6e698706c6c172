package dev.berth.agent.core;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/** What the host says about itself that the engine does not: the ports already in use. */
final class HostFacts {
    /** The ports ECS reserves on every instance: SSH, Docker's API, the ECS agent's. */
    static final List<Integer> ECS_RESERVED_TCP = List.of(22, 2375, 2376, 51678, 51679);

    private HostFacts() {
    }

    /** Listening TCP ports from /proc/net/tcp and tcp6, plus ECS's reserved ones. */
    /** The attribute that tells the control plane where this host's published ports are reached. */
    static final String ADDRESS_ATTRIBUTE = "berth.address";

    /**
     * This host's address on the route to the server: what a load balancer beside the server
     * connects to. Connecting a UDP socket sends nothing; it only makes the kernel choose the
     * source address. A server on this host (or in this process) gives the loopback address.
     */
    static String addressTowards(URI server) {
        if (server.getHost() == null) {
            return "127.0.0.1";
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(InetAddress.getByName(server.getHost()), server.getPort() > 0 ? server.getPort() : 80);
            InetAddress local = probe.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? "127.0.0.1" : local.getHostAddress();
        } catch (IOException | RuntimeException e) {
            return "127.0.0.1";
        }
    }

    static List<Integer> reservedTcpPorts() {
        TreeSet<Integer> ports = new TreeSet<>(ECS_RESERVED_TCP);
        ports.addAll(listening("tcp", "0A"));
        ports.addAll(listening("tcp6", "0A"));
        return List.copyOf(ports);
    }

    /** Bound UDP ports. */
    static List<Integer> reservedUdpPorts() {
        TreeSet<Integer> ports = new TreeSet<>(listening("udp", "07"));
        ports.addAll(listening("udp6", "07"));
        return List.copyOf(ports);
    }

    private static TreeSet<Integer> listening(String table, String state) {
        TreeSet<Integer> ports = new TreeSet<>();
        Path file = Path.of("/proc/net", table);
        if (!Files.isReadable(file)) {
            return ports;
        }
        try {
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[3].equals(state)) {
                    String local = fields[1];
                    ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // without the table, only ECS's own reservations apply
        }
        return ports;
    }
}
