package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.momentum.assignment.TestExperiments;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.Goal;
import io.momentum.experiment.GoalPlan;
import io.momentum.experiment.Goals;
import io.momentum.reporting.ExperimentCounts;
import io.momentum.reporting.ExperimentResults;
import io.momentum.reporting.ResultsCalculator;
import io.momentum.reporting.SegmentCalculator;
import io.momentum.reporting.SegmentResults;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Prints the server time of results with a dimension for an experiment with 100,000 exposed visitors over 10 values
 * (target: at most 50 ms): decoding the counter hashes as HGETALL returns them, the overall results and the
 * per-segment comparison. The counters are aggregated, so the time depends on values x variants x goals, not on the
 * number of visitors. Redis' own HGETALL (about 300 fields per dimension here) is not included.
 * A benchmark, not a timed test: it asserts only correctness.
 */
class SegmentResultsBenchmark {
    private static final int VISITORS = 100_000;
    private static final int VALUES = 10;
    private static final int ROUNDS = 500;

    @Test
    void resultsWithADimensionFor100kVisitorsAnd10Values() {
        Experiment experiment = TestExperiments.running("hero").toBuilder()
                .goals(new Goals(new Goal("signup", Goal.Metric.CONVERSION), List.of(new Goal("purchase", Goal.Metric.REVENUE),
                        new Goal("upgrade", Goal.Metric.CONVERSION)), List.of())).build();
        List<String> goals = GoalPlan.of(experiment, FlywheelDefinition.DEFAULT).events();
        Map<String, Long> totals = new HashMap<>();
        Map<String, Long> segments = new HashMap<>();
        Random random = new Random(20);
        for (int i = 0; i < VISITORS; i++) {
            String variant = random.nextBoolean() ? "control" : "treatment";
            String value = "value-" + random.nextInt(VALUES);
            count(totals, segments, RedisKeys.Fields.exposures(variant), value, 1);
            for (String goal : goals) {
                if (random.nextDouble() < 0.1) {
                    count(totals, segments, RedisKeys.Fields.converters(variant, goal), value, 1);
                    count(totals, segments, RedisKeys.Fields.conversions(variant, goal), value, 1);
                    count(totals, segments, RedisKeys.Fields.valueSum(variant, goal), value, 4990);
                    count(totals, segments, RedisKeys.Fields.valueSumSquares(variant, goal), value, 4990L * 4990);
                }
            }
        }
        ResultsCalculator results = new ResultsCalculator();
        SegmentCalculator calculator = new SegmentCalculator();
        SegmentResults last = null;
        long best = Long.MAX_VALUE;
        long total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            ExperimentCounts overall = TrackingCounts.counts(experiment, goals, totals);
            ExperimentResults computed = results.compute(experiment, FlywheelDefinition.DEFAULT, overall,
                    ResultsCalculator.Context.fixed(experiment, null, Instant.parse("2026-11-23T12:00:00Z")));
            last = calculator.compute(experiment, computed, overall, "channel",
                    TrackingCounts.segmentCounts(experiment, goals, segments, "channel"));
            long took = System.nanoTime() - start;
            best = Math.min(best, took);
            if (round >= ROUNDS / 2) {
                total += took;
            }
        }
        System.out.printf("results with a dimension, %,d visitors x %d values x 2 variants x %d goals: mean %.3f ms, best %.3f ms"
                + " (after %d warm-up rounds; target <= 50 ms)%n", VISITORS, VALUES, goals.size(),
                total / (ROUNDS / 2) / 1e6, best / 1e6, ROUNDS / 2);
        assertEquals(VALUES, last.segments().size());
        assertEquals(VISITORS, last.segments().stream().mapToLong(SegmentResults.Segment::exposures).sum());
    }

    private static void count(Map<String, Long> totals, Map<String, Long> segments, String field, String value, long amount) {
        totals.merge(field, amount, Long::sum);
        segments.merge(RedisKeys.Fields.segment(field, "channel", value), amount, Long::sum);
    }
}
