package io.momentum.experiment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlExperimentCatalogTest {
    static final Duration FAST = Duration.ofMillis(50);

    @TempDir
    Path tmp;

    /** The catalog reloads on its own thread: wait up to 5 s for what {@code what} describes. */
    static ConditionFactory eventually(String what) {
        return await(what).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(25));
    }

    @Test
    void isNotReadyWhileTheDirectoryIsMissingAndBecomesReadyWhenItAppears() throws Exception {
        Path dir = tmp.resolve("experiments");
        try (YamlExperimentCatalog catalog = YamlExperimentCatalog.start(dir, FAST)) {
            assertEquals(Optional.of("experiment directory " + dir + " does not exist"), catalog.notReadyReason());
            Files.createDirectories(dir);
            eventually("the catalog is ready once the directory exists").until(() -> catalog.notReadyReason(), Optional::isEmpty);
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
            eventually("the changed owner is served").until(() -> catalog.current().experiment("a").map(Experiment::owner).orElse(""), "after"::equals);
        }
    }

    @Test
    void closeStopsTheWatcherThread() throws Exception {
        long before = watcherThreads();
        YamlExperimentCatalog catalog = YamlExperimentCatalog.start(tmp, FAST);
        assertEquals(before + 1, watcherThreads());
        catalog.close();
        eventually("the watcher thread has stopped").until(YamlExperimentCatalogTest::watcherThreads, n -> n == before);
    }

    private static long watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("momentum-experiments-watch")).count();
    }
}
