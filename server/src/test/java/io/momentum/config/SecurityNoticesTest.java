package io.momentum.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard and the start log name every setting that leaves the numbers or the dashboard open. */
class SecurityNoticesTest {
    private static ServerConfig.Builder locked() {
        return ServerConfig.builder().host("127.0.0.1").experimentsDir(Path.of("e")).dataDir(Path.of("d"));
    }

    @Test
    void aLockedDownServerHasNone() {
        assertEquals(List.of(), SecurityNotices.of(locked().build()));
        assertEquals(List.of(), SecurityNotices.of(locked().host("0.0.0.0").viewerToken("v".repeat(20)).metricsPort(9100).build()));
    }

    @Test
    void namesEachOpenSetting() {
        List<String> notices = SecurityNotices.of(locked().host("0.0.0.0").allowForcedVariants(true).exposureTokensRequired(false).build());
        assertEquals(4, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains("dashboard and the read APIs are open"), notices.get(0));
        assertTrue(notices.get(1).contains("--allow-forced-variants is on"), notices.get(1));
        assertTrue(notices.get(2).contains("--require-exposure-tokens is false"), notices.get(2));
        assertTrue(notices.get(3).contains("/metrics is served on the public port"), notices.get(3));
    }

    @Test
    void loopbackAddressesAreNotOpen() {
        for (String host : List.of("127.0.0.1", "127.0.1.1", "localhost", "::1", "[::1]")) {
            assertTrue(SecurityNotices.isLoopback(host), host);
        }
        assertTrue(!SecurityNotices.isLoopback("0.0.0.0"));
        assertTrue(!SecurityNotices.isLoopback("10.0.0.5"));
    }
}
