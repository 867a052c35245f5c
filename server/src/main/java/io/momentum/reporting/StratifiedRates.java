package io.momentum.reporting;

import io.momentum.stats.MantelHaenszelDifference;
import io.momentum.stats.Proportion;
import io.momentum.stats.StratifiedDifference.Stratum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Wires the bandit estimator ({@link MantelHaenszelDifference}) to the counters: each weight period is a stratum
 * holding its cohort, the visitors first exposed in that period with every conversion they made since (tracking keeps
 * these counters at the exposure, see {@link CountsReader#readCohorts}). Cohorts where either arm has no visitors are
 * left out; visitors exposed before cohorts were kept are in none.
 */
final class StratifiedRates {
    static final String ESTIMATOR = "mantel_haenszel_by_weight_period_cohort";

    private StratifiedRates() {
    }

    /** Per cohort (oldest first) the control's and the variant's visitors and converters of the event. */
    static List<Stratum> strata(Map<Integer, ExperimentCounts> cohorts, String control, String variant, String event) {
        List<Stratum> strata = new ArrayList<>();
        cohorts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(cohort -> {
            Proportion a = proportion(cohort.getValue(), control, event);
            Proportion b = proportion(cohort.getValue(), variant, event);
            if (!a.isEmpty() && !b.isEmpty()) {
                strata.add(new Stratum(a, b));
            }
        });
        return strata;
    }

    private static Proportion proportion(ExperimentCounts cohort, String variant, String event) {
        long visitors = cohort.variant(variant).map(VariantCounts::exposures).orElse(0L);
        long converters = cohort.variant(variant).map(v -> v.goal(event).converters()).orElse(0L);
        return new Proportion(visitors, Math.min(visitors, converters));
    }

    /** Exposures each arm should have if assignment followed every period's weights (for the SRM check). */
    static List<Double> expectedExposures(List<VariantCounts> arms, List<WeightPeriod> periods) {
        ExperimentCounts now = new ExperimentCounts("", arms);
        double[] expected = new double[arms.size()];
        for (int k = 0; k < periods.size(); k++) {
            ExperimentCounts start = periods.get(k).countsAtStart();
            ExperimentCounts end = k + 1 < periods.size() ? periods.get(k + 1).countsAtStart() : now;
            long total = 0;
            for (VariantCounts arm : arms) {
                total += Math.max(0, exposures(end, arm.key()) - exposures(start, arm.key()));
            }
            for (int i = 0; i < arms.size(); i++) {
                expected[i] += total * periods.get(k).weights().getOrDefault(arms.get(i).key(), 0.0);
            }
        }
        List<Double> out = new ArrayList<>();
        for (double e : expected) {
            out.add(e);
        }
        return out;
    }

    private static long exposures(ExperimentCounts counts, String variant) {
        return counts.variant(variant).map(VariantCounts::exposures).orElse(0L);
    }
}
