package io.momentum.assignment;

import static io.momentum.assignment.TestExperiments.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.GoalIndex;
import io.momentum.experiment.MutableClock;
import io.momentum.experiment.YamlExperimentCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** start/end with status decide who is assigned, evaluated at the injected clock and exactly at the boundaries. */
class ScheduleTest {
    private static final Instant START = Instant.parse("2026-12-10T09:00:00Z");
    private static final Instant END = Instant.parse("2026-12-20T09:00:00Z");
    /** Polling never happens during a test: only current() at a boundary publishes. */
    private static final Duration NO_POLL = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START.minusSeconds(3600));

    private YamlExperimentCatalog catalog(String extra) throws Exception {
        Files.writeString(dir.resolve("hero.yaml"), """
                id: hero
                name: Hero
                stage: activation
                kind: landing_page
                status: running
                variants:
                  - { key: control }
                  - { key: benefit }
                goals:
                  primary: { event: trial_signup }
                start: 2026-12-10T09:00:00Z
                end: 2026-12-20T09:00:00Z
                """ + extra);
        return YamlExperimentCatalog.start(dir, NO_POLL, clock);
    }

    private static long assigned(CatalogSnapshot snapshot) {
        AssignmentIndex index = new AssignmentIndexCache().indexFor(snapshot);
        long n = 0;
        for (int i = 0; i < 200; i++) {
            n += index.assign(AssignmentRequest.of(visitor("v-" + i))).assignments().size();
        }
        return n;
    }

    @Test
    void assignsNobodyBeforeStartEveryoneFromExactlyStartAndNobodyFromExactlyEnd() throws Exception {
        try (YamlExperimentCatalog catalog = catalog("")) {
            assertEquals(0, assigned(catalog.current()));
            clock.set(START.minusMillis(1));
            assertEquals(0, assigned(catalog.current()));
            clock.set(START);
            assertEquals(200, assigned(catalog.current()));
            clock.set(END.minusMillis(1));
            assertEquals(200, assigned(catalog.current()));
            clock.set(END);
            assertEquals(0, assigned(catalog.current()));
        }
    }

    @Test
    void aWinnerIsRolledOutToEveryoneAfterTheEnd() throws Exception {
        try (YamlExperimentCatalog catalog = catalog("winner: benefit\n")) {
            clock.set(START);
            AssignmentIndex live = AssignmentIndex.compile(catalog.current());
            assertEquals(Assignment.Source.BUCKETED, live.assign(AssignmentRequest.of(visitor("v-1"))).assignments().get(0).source());
            clock.set(END);
            AssignmentIndex ended = AssignmentIndex.compile(catalog.current());
            for (int i = 0; i < 100; i++) {
                Assignment a = ended.assign(AssignmentRequest.of(visitor("v-" + i))).assignments().get(0);
                assertEquals("benefit", a.variant().key());
                assertEquals(Assignment.Source.ROLLOUT, a.source());
            }
        }
    }

    @Test
    void aBoundaryPublishesOneNewVersionAndNothingElseDoes() throws Exception {
        try (YamlExperimentCatalog catalog = catalog("")) {
            CatalogSnapshot before = catalog.current();
            clock.advance(Duration.ofMinutes(1));
            assertSame(before, catalog.current());
            clock.set(START.plusSeconds(5));
            CatalogSnapshot started = catalog.current();
            assertEquals(before.version() + 1, started.version());
            assertEquals(START.plusSeconds(5), started.asOf());
            assertSame(started, catalog.current());
            assertEquals(Optional.of(END), started.nextBoundary());
            assertSame(started, catalog.tick());
        }
    }

    @Test
    void conversionsCountForTheExperimentOnlyWhileItRuns() throws Exception {
        try (YamlExperimentCatalog catalog = catalog("")) {
            assertEquals(List.of(), GoalIndex.of(catalog.current()).experimentsCounting("trial_signup"));
            clock.set(START);
            assertEquals(List.of("hero"), ids(GoalIndex.of(catalog.current())));
            clock.set(END);
            assertEquals(List.of(), GoalIndex.of(catalog.current()).experimentsCounting("trial_signup"));
        }
    }

    @Test
    void snapshotAtAnotherMomentKeepsItselfUnlessAPhaseChanges() throws Exception {
        try (YamlExperimentCatalog catalog = catalog("")) {
            CatalogSnapshot snapshot = catalog.current();
            assertSame(snapshot, snapshot.at(START.minusMillis(1)));
            CatalogSnapshot ended = snapshot.at(END.plusSeconds(1));
            assertNotSame(snapshot, ended);
            assertEquals(Optional.empty(), ended.nextBoundary());
        }
    }

    private static List<String> ids(GoalIndex index) {
        return index.experimentsCounting("trial_signup").stream().map(e -> e.id()).toList();
    }
}
