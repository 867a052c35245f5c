package io.momentum.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.momentum.config.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress behindProxies = new ClientAddress(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.7")));

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() {
        assertEquals("203.0.113.9", behindProxies.of("203.0.113.9", "198.51.100.1"));
        assertEquals("203.0.113.9", new ClientAddress(List.of()).of("203.0.113.9", "198.51.100.1"));
    }

    @Test
    void takesTheNearestUntrustedHopBehindTrustedProxies() {
        assertEquals("198.51.100.1", behindProxies.of("10.1.2.3", "198.51.100.1"));
        // a forged leftmost entry does not help: the proxy appended the real client after it
        assertEquals("198.51.100.1", behindProxies.of("10.1.2.3", "1.2.3.4, 198.51.100.1, 192.0.2.7"));
    }

    @Test
    void stopsAtGarbageInTheChain() {
        assertEquals("10.1.2.3", behindProxies.of("10.1.2.3", "not-an-address"));
    }

    @Test
    void matchesCidrBlocksBitByBit() {
        Cidr block = Cidr.parse("2001:db8::/32");
        assertEquals(true, block.contains(Cidr.literal("2001:db8:1::1").orElseThrow()));
        assertEquals(false, block.contains(Cidr.literal("2001:db9::1").orElseThrow()));
        assertEquals(false, Cidr.parse("10.0.0.0/9").contains(Cidr.literal("10.128.0.1").orElseThrow()));
    }

    @Test
    void refusesHostNamesAndBadPrefixes() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("proxy.example.com"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
    }
}
