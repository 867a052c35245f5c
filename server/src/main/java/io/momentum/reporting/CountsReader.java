package io.momentum.reporting;

import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.GoalPlan;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/** Where the reports read live counters from (the tracking counter store in production, a fake in unit tests). */
public interface CountsReader {
    /** The experiment's counters for every goal in {@code plan} (including the downstream ones). */
    Future<ExperimentCounts> read(Experiment experiment, GoalPlan plan);

    /**
     * The experiment's counters per value of one dimension (value -> counters, as {@link #read}); only visitors whose
     * segments were fixed at exposure are in them. A reader that keeps no segments answers an empty map.
     */
    default Future<Map<String, ExperimentCounts>> readSegments(Experiment experiment, GoalPlan plan, String dimension) {
        return Future.succeededFuture(Map.of());
    }

    /**
     * A bandit's weight-period cohorts: period index -> the counters of the visitors first exposed in that period
     * (their conversions whenever they happen). A reader that keeps no cohorts answers an empty map.
     */
    default Future<Map<Integer, ExperimentCounts>> readCohorts(Experiment experiment, GoalPlan plan) {
        return Future.succeededFuture(Map.of());
    }

    /** Per flywheel stage: unique visitors who did its entered and its converted event, in flywheel order. */
    Future<List<StageCount>> readStages(FlywheelDefinition flywheel);

    /** Unique visitors of one stage's entered and converted events. */
    record StageCount(long entered, long converted) {
    }
}
