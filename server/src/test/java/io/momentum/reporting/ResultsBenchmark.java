package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.momentum.experiment.Analysis;
import io.momentum.experiment.Allocation;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Goal;
import io.momentum.experiment.Goals;
import io.momentum.experiment.Guardrail;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Prints how long the pure results computation takes for 5 variants x 10 goals (target: under 5 ms); asserts
 * only the shape. Not in the default suites (its name ends in Benchmark): {@code mvn -pl server test -Dtest=ResultsBenchmark}.
 */
class ResultsBenchmark {
    private static final List<String> VARIANTS = List.of("control", "a", "b", "c", "d");

    @Test
    void computesFiveVariantsTimesTenGoals() {
        List<Goal> secondary = new ArrayList<>();
        for (int g = 1; g <= 6; g++) {
            secondary.add(new Goal("goal_" + g, g % 2 == 0 ? Goal.Metric.REVENUE : Goal.Metric.CONVERSION));
        }
        List<Guardrail> guardrails = List.of(new Guardrail("unsubscribe", Goal.Metric.CONVERSION, Guardrail.Direction.INCREASE),
                new Guardrail("refund", Goal.Metric.CONVERSION, Guardrail.Direction.INCREASE));
        Experiment experiment = TestExperiments.experiment("bench", "bench", Stage.ADORATION, Kind.CTA, Status.RUNNING, VARIANTS,
                new Goals(new Goal("trial_signup", Goal.Metric.CONVERSION), secondary, guardrails), Analysis.DEFAULTS,
                Allocation.FIXED, Optional.empty());
        List<VariantCounts> arms = new ArrayList<>();
        for (int v = 0; v < VARIANTS.size(); v++) {
            Map<String, GoalCounts> goals = new LinkedHashMap<>();
            for (String event : List.of("trial_signup", "goal_1", "goal_2", "goal_3", "goal_4", "goal_5", "goal_6", "unsubscribe", "refund",
                    "referral_sent")) {
                long converters = 1000 + 37L * v + event.length();
                goals.put(event, new GoalCounts(converters, converters + 50, converters * 42.5, converters * 42.5 * 60));
            }
            arms.add(new VariantCounts(VARIANTS.get(v), 20_000 + v, goals, null, 0));
        }
        ExperimentCounts counts = new ExperimentCounts("bench", arms);
        ResultsCalculator calculator = new ResultsCalculator();
        ResultsCalculator.Context context = ResultsCalculator.Context.fixed(experiment, 5000.0, Instant.EPOCH);

        ExperimentResults results = null;
        for (int i = 0; i < 300; i++) {
            results = calculator.compute(experiment, TestExperiments.FLYWHEEL, counts, context);
        }
        // Thread CPU time too: on a shared machine wall time also counts the time other processes had the core.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int runs = 500;
        long[] wall = new long[runs];
        long[] cpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            results = calculator.compute(experiment, TestExperiments.FLYWHEEL, counts, context);
            wall[i] = System.nanoTime() - t0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("results 5 variants x 10 goals (%d runs): wall median %.3f ms, p90 %.3f ms, p99 %.3f ms;"
                        + " cpu median %.3f ms, p90 %.3f ms, p99 %.3f ms%n", runs,
                wall[runs / 2] / 1e6, wall[runs * 9 / 10] / 1e6, wall[runs * 99 / 100] / 1e6,
                cpu[runs / 2] / 1e6, cpu[runs * 9 / 10] / 1e6, cpu[runs * 99 / 100] / 1e6);
        assertEquals(5, results.variants().size());
        assertEquals(10, results.variants().get(1).goals().size());
    }
}
