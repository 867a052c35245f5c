package io.momentum.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The assignment core stays pure: no I/O, network, clock, randomness or environment (STYLE.md rule 4). */
class AssignmentPurityTest {
    private static final Path SOURCES = Path.of("src", "main", "java", "io", "momentum", "assignment");
    private static final List<String> FORBIDDEN = List.of(
            "import io.vertx", "import io.lettuce", "import com.mongodb", "import org.bson", "import java.net",
            "import java.io", "import java.nio", "import java.util.Random", "import java.util.concurrent.ThreadLocalRandom",
            "import java.time.Clock", "import java.security.SecureRandom", "Math.random", "System.currentTimeMillis",
            "System.nanoTime", "System.getenv", "System.getProperty", ".now(", "UUID.randomUUID");

    @Test
    void assignmentSourcesUseNoIoClockOrRandomness() throws IOException {
        List<String> violations = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            String source = Files.readString(file);
            FORBIDDEN.stream().filter(source::contains).forEach(f -> violations.add(file.getFileName() + ": " + f));
        }
        assertTrue(files.size() > 5, "assignment sources not found under " + SOURCES.toAbsolutePath());
        assertEquals(List.of(), violations);
    }
}
