package io.momentum.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.experiment.LoadProblem;
import io.momentum.experiment.LoadedFiles;
import io.momentum.experiment.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads become created/changed/rejected/deleted changes with diffs; a restart or a second server records nothing twice. */
class AuditTrailTest {
    private static final String V1 = "id: hero\nname: Hero\nstatus: running\n";
    private static final String V2 = "id: hero\nname: Hero\nstatus: stopped\nwinner: benefit\n";
    private static final String BROKEN = "id: hero\nname: Hero\nstatus: runnning\n";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryLog store = new InMemoryLog();

    /** Stands in for MongoDB: unique ids, as the collection's _id. */
    static final class InMemoryLog implements AuditLog {
        final Map<String, ExperimentChange> byId = new LinkedHashMap<>();

        @Override
        public synchronized boolean insert(ExperimentChange change) {
            return byId.putIfAbsent(change.id(), change) == null;
        }

        @Override
        public synchronized Map<String, ExperimentChange> latestPerFile() {
            Map<String, ExperimentChange> latest = new LinkedHashMap<>();
            byId.values().stream().sorted(Comparator.comparingLong(ExperimentChange::generation)).forEach(c -> latest.put(c.file(), c));
            return latest;
        }

        @Override
        public synchronized List<ExperimentChange> history(String experiment, int limit) {
            List<ExperimentChange> list = new ArrayList<>(byId.values().stream().filter(c -> c.experiment().equals(experiment)).toList());
            java.util.Collections.reverse(list);
            return list.stream().limit(limit).toList();
        }
    }

    private static LoadedFiles load(long version, String text) {
        return new LoadedFiles(version, text == null ? Map.of() : Map.of("hero.yaml", text), Map.of());
    }

    private void feed(AuditTrail trail, LoadedFiles... loads) {
        for (LoadedFiles load : loads) {
            trail.accept(load);
        }
        trail.flush();
    }

    @Test
    void recordsCreatedChangedRejectedAndDeletedWithUnifiedDiffs() {
        try (AuditTrail trail = new AuditTrail(store, GitInfo.NONE, clock)) {
            LoadedFiles rejected = new LoadedFiles(3, Map.of("hero.yaml", BROKEN),
                    Map.of("hero.yaml", List.of(new LoadProblem(dir.resolve("hero.yaml").toString(), 3, 9, "status must be one of ..."))));
            feed(trail, load(1, V1), load(2, V2), rejected, rejected, load(4, null));
        }
        List<ExperimentChange> changes = new ArrayList<>(store.byId.values());
        assertEquals(List.of(ExperimentChange.Kind.CREATED, ExperimentChange.Kind.CHANGED, ExperimentChange.Kind.REJECTED,
                ExperimentChange.Kind.DELETED), changes.stream().map(ExperimentChange::kind).toList());
        assertEquals(List.of("hero.yaml:1", "hero.yaml:2", "hero.yaml:3", "hero.yaml:4"), changes.stream().map(ExperimentChange::id).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), changes.stream().map(ExperimentChange::version).toList());
        assertEquals("""
                --- a/hero.yaml
                +++ b/hero.yaml
                @@ -1,3 +1,4 @@
                 id: hero
                 name: Hero
                -status: running
                +status: stopped
                +winner: benefit
                """, changes.get(1).diff());
        assertEquals(List.of("hero.yaml:3:9: status must be one of ..."), changes.get(2).problems());
        assertTrue(changes.get(2).diff().contains("-winner: benefit"), changes.get(2).diff());
        assertTrue(changes.get(0).diff().startsWith("--- /dev/null\n+++ b/hero.yaml\n"), changes.get(0).diff());
        assertTrue(changes.get(3).diff().contains("+++ /dev/null"), changes.get(3).diff());
        assertEquals("hero", changes.get(3).experiment());
        assertEquals(null, changes.get(0).commit(), "no git commit");
    }

    @Test
    void aRestartResumesFromTheStoreAndASecondServerStoresNothingTwice() {
        try (AuditTrail first = new AuditTrail(store, GitInfo.NONE, clock); AuditTrail second = new AuditTrail(store, GitInfo.NONE, clock)) {
            feed(first, load(1, V1));
            feed(second, load(1, V1));
            feed(first, load(2, V2));
            feed(second, load(2, V2));
        }
        try (AuditTrail restarted = new AuditTrail(store, GitInfo.NONE, clock)) {
            feed(restarted, load(1, V2));
        }
        assertEquals(List.of("hero.yaml:1", "hero.yaml:2"), List.copyOf(store.byId.keySet()));
    }

    @Test
    void aFileWithoutAReadableIdIsFiledUnderItsName() {
        assertEquals("promo", AuditTrail.experimentId("name: x\n", "promo.yaml"));
        assertEquals("a-b", AuditTrail.experimentId("# c\nid: \"a-b\" # comment\n", "x.yaml"));
    }
}
