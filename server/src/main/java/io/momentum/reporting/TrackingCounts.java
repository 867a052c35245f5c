package io.momentum.reporting;

import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.Variant;
import io.momentum.tracking.CounterStore;
import io.momentum.tracking.RedisKeys;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the reports' counters from tracking's {@link CounterStore}: the raw counter hash of the
 * experiment, so every goal of the {@link GoalPlan} (downstream goals included) is read, and money
 * converted from minor units (cents) to major units.
 */
public final class TrackingCounts implements CountsReader {
    private static final double MINOR_PER_MAJOR = 100;

    private final CounterStore store;

    public TrackingCounts(CounterStore store) {
        this.store = store;
    }

    @Override
    public Future<ExperimentCounts> read(Experiment experiment, GoalPlan plan) {
        return store.raw(experiment.id()).map(fields -> counts(experiment, plan, fields));
    }

    @Override
    public Future<List<StageCount>> readStages(FlywheelDefinition flywheel) {
        return store.readFlywheel(flywheel).map(stages -> stages.stream()
                .map(s -> new StageCount(s.entered(), s.converted())).toList());
    }

    static ExperimentCounts counts(Experiment experiment, GoalPlan plan, Map<String, Long> f) {
        List<VariantCounts> variants = experiment.variants().stream().map(Variant::key).map(v -> {
            long[] scores = new long[VariantCounts.SURVEY_SCORES];
            for (int score = 0; score < scores.length; score++) {
                scores[score] = f.getOrDefault(RedisKeys.Fields.surveyScore(v, score), 0L);
            }
            long referrals = f.getOrDefault(RedisKeys.Fields.referrals(v), 0L);
            Map<String, GoalCounts> goals = new LinkedHashMap<>();
            for (String goal : plan.events()) {
                goals.put(goal, new GoalCounts(f.getOrDefault(RedisKeys.Fields.converters(v, goal), 0L),
                        f.getOrDefault(RedisKeys.Fields.conversions(v, goal), 0L),
                        f.getOrDefault(RedisKeys.Fields.valueSum(v, goal), 0L) / MINOR_PER_MAJOR,
                        f.getOrDefault(RedisKeys.Fields.valueSumSquares(v, goal), 0L) / (MINOR_PER_MAJOR * MINOR_PER_MAJOR)));
            }
            return new VariantCounts(v, f.getOrDefault(RedisKeys.Fields.exposures(v), 0L), goals, scores, referrals);
        }).toList();
        return new ExperimentCounts(experiment.id(), variants);
    }
}
