package io.momentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.momentum.config.AccessPolicy;
import io.momentum.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

    @Test
    void withoutOptionsServeUsesTheConfigDefaults() {
        assumeTrue(System.getenv().keySet().stream().noneMatch(k -> k.startsWith("MOMENTUM_") || k.equals("REDIS_URL") || k.equals("MONGO_URI")),
                "the environment sets serve options");
        assertEquals(ServerConfig.builder().build(), parse().config());
    }

    @Test
    void optionsSetTheirSettings() {
        ServerConfig config = parse("--host", "127.0.0.1", "--port", "0", "--experiments", "exp", "--data-dir", "d",
                "--redis-url", "redis://127.0.0.1:7000", "--redis-prefix", "t:", "--mongo-uri", "mongodb://127.0.0.1:27018",
                "--mongo-database", "db", "--admin-token", "admin", "--viewer-token", "viewer",
                "--cors-origins", "https://a.example, https://b.example", "--rate-limit", "5",
                "--allow-forced-variants", "--max-event-backlog", "10").config();
        assertEquals(ServerConfig.builder().host("127.0.0.1").port(0).experimentsDir(Path.of("exp")).dataDir(Path.of("d"))
                .redisUrl("redis://127.0.0.1:7000").redisPrefix("t:").mongoUri("mongodb://127.0.0.1:27018").mongoDatabase("db")
                .adminToken("admin").viewerToken("viewer")
                .access(new AccessPolicy(List.of("https://a.example", "https://b.example"), 5, 10, List.of()))
                .allowForcedVariants(true).maxEventBacklog(10).build(), config);
        assertEquals(Optional.of("viewer"), config.viewerToken());
    }

    private static ServeCommand parse(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
