package dev.berth.lb.routing;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A CIDR block of a source-ip condition. Parsed without {@link InetAddress#getByName} on anything
 * that could be a host name, so compiling rules never touches DNS.
 */
final class Cidr {
    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * @param text {@code 10.0.0.0/8} or {@code 2001:db8::/32}; host bits are ignored
     * @throws IllegalArgumentException when it is not a CIDR block
     */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR block: the /prefix is missing");
        }
        String address = text.substring(0, slash);
        byte[] bytes = address.indexOf(':') >= 0 ? ipv6(address, text) : ipv4(address, text);
        int prefix = number(text.substring(slash + 1), bytes.length * 8, text);
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new Cidr(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff00 >>> rest & 0xff;
        return (bytes[whole] & mask) == (network[whole] & 0xff);
    }

    private static byte[] ipv4(String address, String cidr) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block: bad IPv4 address");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) number(parts[i], 255, cidr);
        }
        return bytes;
    }

    private static byte[] ipv6(String address, String cidr) {
        // A colon makes the JDK parse a literal and never resolve; a zone id would look up an interface.
        if (address.indexOf('%') >= 0 || address.startsWith("[")) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block: bad IPv6 address");
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            if (!(parsed instanceof Inet6Address)) {
                throw new IllegalArgumentException("'" + cidr + "' is an IPv4-mapped block: write it in IPv4 form");
            }
            return parsed.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block: bad IPv6 address", e);
        }
    }

    private static int number(String digits, int max, String cidr) {
        if (digits.isEmpty() || digits.length() > 3) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block");
        }
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block");
            }
            value = value * 10 + (c - '0');
        }
        if (value > max) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block: " + value + " is above " + max);
        }
        return value;
    }
}
