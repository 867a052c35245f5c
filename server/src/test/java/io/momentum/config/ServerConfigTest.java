package io.momentum.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void builderDefaultsAreThoseOfServe() {
        ServerConfig config = ServerConfig.builder().build();
        assertEquals("0.0.0.0", config.host());
        assertEquals(8080, config.port());
        assertEquals(Path.of("experiments"), config.experimentsDir());
        assertEquals(Path.of("data"), config.dataDir());
        assertEquals(Optional.empty(), config.redisUrl());
        assertEquals(Optional.empty(), config.mongoUri());
        assertEquals("momentum:", config.redisPrefix());
        assertEquals("momentum", config.mongoDatabase());
        assertEquals(new AccessPolicy(List.of(), AccessPolicy.DEFAULT_RATE, 2 * AccessPolicy.DEFAULT_RATE, List.of()), config.access());
        assertEquals(false, config.allowForcedVariants());
        assertEquals(ServerConfig.DEFAULT_MAX_EVENT_BACKLOG, config.maxEventBacklog());
        assertEquals(Optional.empty(), config.adminToken());
        assertEquals(Optional.empty(), config.viewerToken());
    }

    @Test
    void embeddedListensOnALoopbackFreePortWithoutRateLimit() {
        ServerConfig config = ServerConfig.embedded(Path.of("e"), Path.of("d"));
        assertEquals("127.0.0.1", config.host());
        assertEquals(0, config.port());
        assertEquals(Path.of("e"), config.experimentsDir());
        assertEquals(Path.of("d"), config.dataDir());
        assertEquals(AccessPolicy.UNLIMITED, config.access());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        ServerConfig base = ServerConfig.embedded(Path.of("e"), Path.of("d")).toBuilder()
                .redisUrl("redis://127.0.0.1:7000").redisPrefix("t:").mongoUri("mongodb://127.0.0.1:27018")
                .adminToken("admin").viewerToken("viewer").allowForcedVariants(true).maxEventBacklog(10).build();
        assertEquals(base, base.toBuilder().build());
        ServerConfig changed = base.toBuilder().adminToken("other").build();
        assertEquals(Optional.of("other"), changed.adminToken());
        assertEquals(base, changed.toBuilder().adminToken("admin").build());
    }

    @Test
    void blankOrMissingTokensAndUrlsMeanNotSet() {
        ServerConfig config = ServerConfig.builder().adminToken(" ").viewerToken(null).redisUrl("").mongoUri(null).build();
        assertEquals(Optional.empty(), config.adminToken());
        assertEquals(Optional.empty(), config.viewerToken());
        assertEquals(Optional.empty(), config.redisUrl());
        assertEquals(Optional.empty(), config.mongoUri());
    }

    @Test
    void rejectsAPortOutOfRangeWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().port(70000).build());
        assertEquals("port must be between 0 and 65535, was 70000", e.getMessage());
    }
}
