package io.momentum.tracking;

import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.GoalPlan;
import io.momentum.experiment.Variant;
import io.momentum.reporting.CountsReader;
import io.momentum.reporting.ExperimentCounts;
import io.momentum.reporting.GoalCounts;
import io.momentum.reporting.VariantCounts;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reports' {@link CountsReader}, and the one decoder of the counter fields ({@link RedisKeys.Fields}):
 * the raw counter hash of the experiment, so every goal of the {@link GoalPlan} (downstream goals included)
 * is read, with money converted from minor units (cents) to major units.
 */
public final class TrackingCounts implements CountsReader {
    private static final double MINOR_PER_MAJOR = 100;

    private final CounterStore store;

    public TrackingCounts(CounterStore store) {
        this.store = store;
    }

    @Override
    public Future<ExperimentCounts> read(Experiment experiment, GoalPlan plan) {
        return store.raw(experiment.id()).map(fields -> counts(experiment, plan.events(), fields));
    }

    @Override
    public Future<Map<String, ExperimentCounts>> readSegments(Experiment experiment, GoalPlan plan, String dimension) {
        return store.rawSegments(experiment.id()).map(fields -> segmentCounts(experiment, plan.events(), fields, dimension));
    }

    @Override
    public Future<Map<Integer, ExperimentCounts>> readCohorts(Experiment experiment, GoalPlan plan) {
        return store.rawSegments(experiment.id()).map(fields -> {
            Map<Integer, ExperimentCounts> cohorts = new java.util.TreeMap<>();
            segmentCounts(experiment, plan.events(), fields, RedisKeys.Fields.PERIOD_DIMENSION).forEach((period, counts) -> {
                if (period.chars().allMatch(Character::isDigit) && !period.isEmpty() && period.length() < 10) {
                    cohorts.put(Integer.parseInt(period), counts);
                }
            });
            return cohorts;
        });
    }

    /** The segment counter fields ({@code :sc}) of one dimension decoded per value. */
    static Map<String, ExperimentCounts> segmentCounts(Experiment experiment, List<String> goalEvents, Map<String, Long> fields,
                                                       String dimension) {
        Map<String, Map<String, Long>> byValue = new LinkedHashMap<>();
        fields.forEach((field, count) -> RedisKeys.Fields.SegmentField.parse(field)
                .filter(f -> f.dimension().equals(dimension))
                .ifPresent(f -> byValue.computeIfAbsent(f.value(), v -> new java.util.HashMap<>()).put(f.field(), count)));
        Map<String, ExperimentCounts> counts = new LinkedHashMap<>();
        byValue.forEach((value, f) -> counts.put(value, counts(experiment, goalEvents, f)));
        return counts;
    }

    /** The global counters of one goal: every visitor, with or without experiments. */
    public Future<GoalCounts> readGoal(String goal) {
        return store.rawGoal(goal).map(f -> goalCounts(f, RedisKeys.Fields.GOAL_CONVERTERS, RedisKeys.Fields.GOAL_CONVERSIONS,
                RedisKeys.Fields.GOAL_VALUE_SUM, RedisKeys.Fields.GOAL_VALUE_SUM_SQUARES));
    }

    @Override
    public Future<List<StageCount>> readStages(FlywheelDefinition flywheel) {
        Set<String> events = new LinkedHashSet<>();
        flywheel.stages().forEach(s -> {
            events.add(s.enteredEvent());
            events.add(s.convertedEvent());
        });
        Map<String, Future<GoalCounts>> reads = new LinkedHashMap<>();
        events.forEach(event -> reads.put(event, readGoal(event)));
        return Future.all(List.copyOf(reads.values())).map(done -> flywheel.stages().stream()
                .map(s -> new StageCount(reads.get(s.enteredEvent()).result().converters(),
                        reads.get(s.convertedEvent()).result().converters()))
                .toList());
    }

    static ExperimentCounts counts(Experiment experiment, List<String> goalEvents, Map<String, Long> f) {
        List<VariantCounts> variants = experiment.variants().stream().map(Variant::key).map(v -> {
            long[] scores = new long[VariantCounts.SURVEY_SCORES];
            for (int score = 0; score < scores.length; score++) {
                scores[score] = f.getOrDefault(RedisKeys.Fields.surveyScore(v, score), 0L);
            }
            long referrals = f.getOrDefault(RedisKeys.Fields.referrals(v), 0L);
            Map<String, GoalCounts> goals = new LinkedHashMap<>();
            for (String goal : goalEvents) {
                goals.put(goal, goalCounts(f, RedisKeys.Fields.converters(v, goal), RedisKeys.Fields.conversions(v, goal),
                        RedisKeys.Fields.valueSum(v, goal), RedisKeys.Fields.valueSumSquares(v, goal)));
            }
            return new VariantCounts(v, f.getOrDefault(RedisKeys.Fields.exposures(v), 0L), goals, scores, referrals);
        }).toList();
        return new ExperimentCounts(experiment.id(), variants);
    }

    private static GoalCounts goalCounts(Map<String, Long> f, String converters, String conversions, String valueSum,
                                         String valueSumSquares) {
        return new GoalCounts(f.getOrDefault(converters, 0L), f.getOrDefault(conversions, 0L),
                f.getOrDefault(valueSum, 0L) / MINOR_PER_MAJOR,
                f.getOrDefault(valueSumSquares, 0L) / (MINOR_PER_MAJOR * MINOR_PER_MAJOR));
    }
}
