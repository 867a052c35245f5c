package io.momentum.reporting;

import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.GoalPlan;
import io.vertx.core.Future;
import java.util.List;

/** Where the reports read live counters from (the tracking counter store in production, a fake in unit tests). */
public interface CountsReader {
    /** The experiment's counters for every goal in {@code plan} (including the downstream ones). */
    Future<ExperimentCounts> read(Experiment experiment, GoalPlan plan);

    /** Per flywheel stage: unique visitors who did its entered and its converted event, in flywheel order. */
    Future<List<StageCount>> readStages(FlywheelDefinition flywheel);

    /** Unique visitors of one stage's entered and converted events. */
    record StageCount(long entered, long converted) {
    }
}
