package io.momentum.reporting;

import io.momentum.stats.Proportion;
import io.momentum.stats.StratifiedDifference;
import io.momentum.stats.StratifiedDifference.Stratum;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires the bandit estimator ({@link StratifiedDifference}) to the counters: each weight period is a
 * stratum whose counts are the difference between its start snapshot and the next period's (or the
 * current counters). Periods where either arm has no visitors are left out.
 */
final class StratifiedRates {
    static final String ESTIMATOR = "stratified_by_weight_period";

    private StratifiedRates() {
    }

    /** Per period counts of control and variant for the event, from the period snapshots and the current counters. */
    static List<Stratum> strata(List<WeightPeriod> periods, ExperimentCounts now, String control, String variant, String event) {
        List<Stratum> strata = new ArrayList<>();
        for (int k = 0; k < periods.size(); k++) {
            ExperimentCounts start = periods.get(k).countsAtStart();
            ExperimentCounts end = k + 1 < periods.size() ? periods.get(k + 1).countsAtStart() : now;
            Proportion a = between(start, end, control, event);
            Proportion b = between(start, end, variant, event);
            if (!a.isEmpty() && !b.isEmpty()) {
                strata.add(new Stratum(a, b));
            }
        }
        return strata;
    }

    private static Proportion between(ExperimentCounts start, ExperimentCounts end, String variant, String event) {
        long exposures = exposures(end, variant) - exposures(start, variant);
        long converters = converters(end, variant, event) - converters(start, variant, event);
        long visitors = Math.max(0, exposures);
        return new Proportion(visitors, Math.max(0, Math.min(visitors, converters)));
    }

    private static long exposures(ExperimentCounts counts, String variant) {
        return counts.variant(variant).map(VariantCounts::exposures).orElse(0L);
    }

    private static long converters(ExperimentCounts counts, String variant, String event) {
        return counts.variant(variant).map(v -> v.goal(event).converters()).orElse(0L);
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
}
