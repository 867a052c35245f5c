package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlExperimentCatalogTest {
    static final Duration FAST = Duration.ofMillis(50);

    @TempDir
    Path tmp;

    static void eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(25);
        }
        assertTrue(condition.getAsBoolean(), "condition never became true");
    }

    @Test
    void isNotReadyWhileTheDirectoryIsMissingAndBecomesReadyWhenItAppears() throws Exception {
        Path dir = tmp.resolve("experiments");
        try (YamlExperimentCatalog catalog = YamlExperimentCatalog.start(dir, FAST)) {
            assertEquals(Optional.of("experiment directory " + dir + " does not exist"), catalog.notReadyReason());
            Files.createDirectories(dir);
            eventually(() -> catalog.notReadyReason().isEmpty());
        }
    }

    @Test
    void reloadWithoutChangesKeepsTheSameSnapshot() throws Exception {
        Files.writeString(tmp.resolve("a.yaml"), CatalogLoaderTest.experiment("a", ""));
        try (YamlExperimentCatalog catalog = YamlExperimentCatalog.start(tmp, FAST)) {
            CatalogSnapshot first = catalog.current();
            assertSame(first, catalog.reload());
            Files.writeString(tmp.resolve("b.yaml"), CatalogLoaderTest.experiment("b", ""));
            CatalogSnapshot second = catalog.reload();
            assertEquals(first.version() + 1, second.version());
            assertEquals(2, second.experiments().size());
        }
    }

    @Test
    void picksUpAChangedFileByItself() throws Exception {
        Path file = Files.writeString(tmp.resolve("a.yaml"), CatalogLoaderTest.experiment("a", "owner: before\n"));
        try (YamlExperimentCatalog catalog = YamlExperimentCatalog.start(tmp, FAST)) {
            Files.writeString(file, CatalogLoaderTest.experiment("a", "owner: after\n"));
            eventually(() -> catalog.current().experiment("a").map(Experiment::owner).orElse("").equals("after"));
        }
    }

    @Test
    void closeStopsTheWatcherThread() throws Exception {
        long before = watcherThreads();
        YamlExperimentCatalog catalog = YamlExperimentCatalog.start(tmp, FAST);
        assertEquals(before + 1, watcherThreads());
        catalog.close();
        eventually(() -> watcherThreads() == before);
    }

    private static long watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("momentum-experiments-watch")).count();
    }
}
