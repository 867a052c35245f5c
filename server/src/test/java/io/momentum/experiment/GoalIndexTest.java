package io.momentum.experiment;

import static io.momentum.assignment.TestExperiments.running;
import static io.momentum.assignment.TestExperiments.withStage;
import static io.momentum.assignment.TestExperiments.withStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.experiment.FlywheelDefinition.StageDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoalIndexTest {
    private static final FlywheelDefinition FLYWHEEL = new FlywheelDefinition(List.of(
            new StageDefinition(Stage.ACTIVATION, "Activation", "visit", "signup"),
            new StageDefinition(Stage.ADOPTION, "Adoption", "signup", "feature_used")));

    private static final Experiment LANDING = running("landing");
    private static final Experiment ONBOARDING = withStage(running("onboarding"), Stage.ADOPTION);
    private static final Experiment PAUSED = withStatus(running("paused"), Status.PAUSED);
    private static final GoalIndex INDEX = GoalIndex.of(snapshot(LANDING, PAUSED, ONBOARDING));

    private static CatalogSnapshot snapshot(Experiment... experiments) {
        Map<String, Experiment> byId = new LinkedHashMap<>();
        for (Experiment e : experiments) {
            byId.put(e.id(), e);
        }
        return new CatalogSnapshot(byId, FLYWHEEL, List.of(), 7, java.time.Instant.EPOCH);
    }

    @Test
    void listsTheRunningExperimentsCountingAGoalInCatalogOrder() {
        assertEquals(List.of(LANDING, ONBOARDING), INDEX.experimentsCounting("signup"));
    }

    @Test
    void countsTheConvertedEventsOfLaterFlywheelStagesAsDownstreamGoals() {
        assertEquals(List.of(LANDING), INDEX.experimentsCounting("feature_used"));
    }

    @Test
    void hasNoExperimentsForAGoalNobodyMeasures() {
        assertEquals(List.of(), INDEX.experimentsCounting("visit"));
    }

    @Test
    void knowsTheGoalsOfEveryExperimentAndFlywheelStageAndNoOthers() {
        assertTrue(INDEX.knows("signup"));
        assertTrue(INDEX.knows("visit"), "a flywheel stage's entered event");
        assertTrue(INDEX.knows("survey"), "built in");
        assertFalse(INDEX.knows("anything-i-like-1"));
    }

    @Test
    void aGoalOneExperimentDeclaresServerOnlyIsServerOnlyEverywhere() {
        Experiment server = Experiment.builder("checkout").name("Checkout").stage(Stage.ACTIVATION).kind(Kind.LANDING_PAGE)
                .status(Status.PAUSED).variants(LANDING.variants())
                .goals(new Goals(new Goal("purchase", Goal.Metric.REVENUE, Goal.Source.SERVER), List.of(), List.of())).build();
        GoalIndex index = GoalIndex.of(snapshot(LANDING, server));
        assertTrue(index.serverOnly("purchase"), "declared by a paused experiment: still server-only");
        assertFalse(index.serverOnly("signup"));
    }

    @Test
    void remembersItsSnapshotVersion() {
        assertEquals(7, INDEX.version());
    }
}
