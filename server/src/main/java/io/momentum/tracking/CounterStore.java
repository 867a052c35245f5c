package io.momentum.tracking;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.Goal;
import io.momentum.experiment.Guardrail;
import io.momentum.experiment.Variant;
import io.momentum.reporting.GoalPlan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the live counters from Redis (one HGETALL per experiment or goal, never blocking): exactly the
 * sufficient statistics the results and flywheel reports need. Values are in minor units (cents).
 */
public final class CounterStore {
    private final Vertx vertx;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;

    public CounterStore(Vertx vertx, RedisClusterAsyncCommands<String, String> redis, RedisKeys keys) {
        this.vertx = vertx;
        this.redis = redis;
        this.keys = keys;
    }

    /** Per variant: exposures, per goal converters/conversions/value sum/sum of squares, survey counts, referrals. */
    public Future<ExperimentCounters> read(Experiment experiment) {
        return raw(experiment.id()).map(fields -> countersOf(experiment, fields));
    }

    /** The raw counter fields of an experiment, as stored (for the consistency check). */
    public Future<Map<String, Long>> raw(String experimentId) {
        return hash(keys.experiment(experimentId).counters());
    }

    /** Global per-goal counters (every visitor, with or without experiments), for the given event names. */
    public Future<Map<String, GoalCounters>> readGoals(Set<String> goals) {
        List<String> names = List.copyOf(goals);
        List<Future<Map<String, Long>>> reads = names.stream().map(g -> hash(keys.goal(g).counters())).toList();
        return Future.all(reads).map(done -> {
            Map<String, GoalCounters> result = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                Map<String, Long> f = reads.get(i).result();
                result.put(names.get(i), new GoalCounters(f.getOrDefault(RedisKeys.Fields.GOAL_CONVERTERS, 0L),
                        f.getOrDefault(RedisKeys.Fields.GOAL_CONVERSIONS, 0L), f.getOrDefault(RedisKeys.Fields.GOAL_VALUE_SUM, 0L),
                        f.getOrDefault(RedisKeys.Fields.GOAL_VALUE_SUM_SQUARES, 0L)));
            }
            return result;
        });
    }

    /** Per flywheel stage: unique visitors of its entered and converted events (global goal converters). */
    public Future<List<StageCounters>> readFlywheel(FlywheelDefinition flywheel) {
        Set<String> events = new LinkedHashSet<>();
        flywheel.stages().forEach(s -> {
            events.add(s.enteredEvent());
            events.add(s.convertedEvent());
        });
        return readGoals(events).map(goals -> flywheel.stages().stream()
                .map(s -> new StageCounters(s.stage(), s.enteredEvent(), goals.get(s.enteredEvent()).converters(),
                        s.convertedEvent(), goals.get(s.convertedEvent()).converters()))
                .toList());
    }

    /**
     * Every event counted for an experiment: its goals and the converted events of the later flywheel
     * stages, which the results judge as downstream guardrails ({@link GoalPlan}).
     */
    public static List<String> countedEvents(Experiment experiment, FlywheelDefinition flywheel) {
        return GoalPlan.of(experiment, flywheel).events();
    }

    /** Every goal event an experiment measures: primary, secondary, guardrails. */
    public static List<String> goalsOf(Experiment experiment) {
        return Stream.concat(Stream.concat(Stream.of(experiment.goals().primary()), experiment.goals().secondary().stream()).map(Goal::event),
                experiment.goals().guardrails().stream().map(Guardrail::event)).distinct().toList();
    }

    static ExperimentCounters countersOf(Experiment experiment, Map<String, Long> f) {
        List<VariantCounters> variants = new ArrayList<>();
        for (Variant variant : experiment.variants()) {
            String v = variant.key();
            Map<String, GoalCounters> goals = new LinkedHashMap<>();
            for (String goal : goalsOf(experiment)) {
                goals.put(goal, new GoalCounters(f.getOrDefault(RedisKeys.Fields.converters(v, goal), 0L),
                        f.getOrDefault(RedisKeys.Fields.conversions(v, goal), 0L), f.getOrDefault(RedisKeys.Fields.valueSum(v, goal), 0L),
                        f.getOrDefault(RedisKeys.Fields.valueSumSquares(v, goal), 0L)));
            }
            List<Long> scores = new ArrayList<>();
            for (int score = 0; score <= 10; score++) {
                scores.add(f.getOrDefault(RedisKeys.Fields.surveyScore(v, score), 0L));
            }
            String choicePrefix = RedisKeys.Fields.surveyChoice(v, "");
            Map<String, Long> choices = new HashMap<>();
            f.forEach((field, count) -> {
                if (field.startsWith(choicePrefix)) {
                    choices.put(field.substring(choicePrefix.length()), count);
                }
            });
            variants.add(new VariantCounters(v, f.getOrDefault(RedisKeys.Fields.exposures(v), 0L), goals, scores, choices,
                    f.getOrDefault(RedisKeys.Fields.referrals(v), 0L), f.getOrDefault(RedisKeys.Fields.referrers(v), 0L)));
        }
        return new ExperimentCounters(experiment.id(), variants);
    }

    private Future<Map<String, Long>> hash(String key) {
        return Future.fromCompletionStage(redis.hgetall(key), vertx.getOrCreateContext()).map(values -> {
            Map<String, Long> numbers = new HashMap<>();
            values.forEach((field, value) -> numbers.put(field, Long.parseLong(value)));
            return numbers;
        });
    }
}
