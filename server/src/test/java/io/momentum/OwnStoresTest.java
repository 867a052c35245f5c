package io.momentum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tests start their own stores on free ports (embedded Redis and MongoDB, {@code redis-server} processes): a machine
 * that runs Redis or MongoDB on the default port is shared with others, and a fresh machine has none. This guard fails
 * on any test source that names a default store port, so no test can quietly depend on one.
 */
public final class OwnStoresTest {
    /** The default ports of a machine's own Redis and MongoDB. */
    public static final int MACHINE_REDIS_PORT = 6379;
    public static final int MACHINE_MONGO_PORT = 27017;

    private static final Path TEST_SOURCES = Path.of("src/test/java");
    private static final Pattern DEFAULT_PORT = Pattern.compile("\\b(" + MACHINE_REDIS_PORT + "|" + MACHINE_MONGO_PORT + ")\\b");

    @Test
    void noTestNamesTheDefaultPortOfAMachinesRedisOrMongo() throws IOException {
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(TEST_SOURCES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                if (file.getFileName().toString().equals(OwnStoresTest.class.getSimpleName() + ".java")) {
                    continue;
                }
                scanned++;
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (DEFAULT_PORT.matcher(lines.get(i)).find()) {
                        offenders.add(TEST_SOURCES.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertTrue(scanned > 0, "no test sources under " + TEST_SOURCES.toAbsolutePath() + " (run from the server module, as Maven does)");
        assertEquals(List.of(), offenders, "start a store of the test's own on a free port instead");
    }
}
