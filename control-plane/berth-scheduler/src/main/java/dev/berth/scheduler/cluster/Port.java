package dev.berth.scheduler.cluster;

import java.util.Objects;

/** A host port and its protocol: port 80/TCP and port 80/UDP are different reservations. */
public record Port(int number, Protocol protocol) {
    public Port {
        Objects.requireNonNull(protocol, "protocol");
        if (number < 0 || number > 65_535) {
            throw new IllegalArgumentException("port " + number + " is not between 0 and 65535");
        }
    }

    public static Port tcp(int number) {
        return new Port(number, Protocol.TCP);
    }

    public static Port udp(int number) {
        return new Port(number, Protocol.UDP);
    }
}
