package io.momentum.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** An address block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32} (a bare address is a block of one). */
public record Cidr(byte[] network, int prefixBits) {
    public Cidr {
        network = network.clone();
        if (prefixBits < 0 || prefixBits > network.length * 8) {
            throw new IllegalArgumentException("prefix length must be 0-" + network.length * 8 + ", was " + prefixBits);
        }
    }

    /** Parses {@code address[/bits]}; only literal addresses (never a name that would need DNS). */
    public static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address).orElseThrow(() ->
                new IllegalArgumentException("trusted proxy must be an IP address or CIDR block such as 10.0.0.0/8, was \"" + text + "\""));
        try {
            int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
            return new Cidr(bytes, bits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trusted proxy has a bad prefix length: \"" + text + "\"");
        }
    }

    /** The bytes of a literal IPv4 or IPv6 address; empty for anything else (host names included). */
    public static Optional<byte[]> literal(String address) {
        if (address.isEmpty() || address.length() > 45 || !address.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(address).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr c && c.prefixBits == prefixBits && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixBits;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
