package io.momentum.hardening;

import io.momentum.MomentumServer;
import io.momentum.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A real in-process server on embedded stores with the example experiments and an admin token. */
final class HostileServer {
    static final String ADMIN_TOKEN = "fuzz-admin-token-0123456789";

    private HostileServer() {
    }

    static MomentumServer start(Path tmp) {
        return start(tmp, copyExamples(tmp.resolve("experiments")));
    }

    static MomentumServer start(Path tmp, Path experiments) {
        return MomentumServer.start(ServerConfig.embedded(experiments, tmp.resolve("data")).toBuilder().adminToken(ADMIN_TOKEN).build());
    }

    /** The repository's example experiments, copied so a test may change them. */
    static Path copyExamples(Path target) {
        Path examples = Path.of("..", "experiments");
        try (Stream<Path> files = Files.list(examples)) {
            Files.createDirectories(target);
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".yaml"))::iterator) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
