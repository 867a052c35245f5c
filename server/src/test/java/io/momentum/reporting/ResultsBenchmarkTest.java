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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Prints how long the pure results computation takes for 5 variants x 10 goals (target: under 5 ms). */
class ResultsBenchmarkTest {
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
        int runs = 500;
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            results = calculator.compute(experiment, TestExperiments.FLYWHEEL, counts, context);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf("results 5 variants x 10 goals: median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms (%d runs)%n",
                nanos[runs / 2] / 1e6, nanos[runs * 9 / 10] / 1e6, nanos[runs * 99 / 100] / 1e6, nanos[runs - 1] / 1e6, runs);
        assertEquals(5, results.variants().size());
        assertEquals(10, results.variants().get(1).goals().size());
    }
}
