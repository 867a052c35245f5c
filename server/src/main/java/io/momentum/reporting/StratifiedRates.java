package io.momentum.reporting;

import io.momentum.stats.Proportion;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Erf;

/**
 * The bandit estimator: when weights change between periods, pooled counts are biased (the arm that
 * got more traffic later carries more of the later periods' base rate: Simpson's paradox). Each weight
 * period is a stratum with its own counts; the rate difference is the traffic-weighted mean of the
 * per-period differences, {@code d = Σ w_k (pB_k - pA_k)} with {@code w_k = n_k / N}, and its variance
 * {@code Σ w_k² (pA_k qA_k / nA_k + pB_k qB_k / nB_k)}. Periods where either arm has no visitors are
 * left out. Lift is {@code d / Σ w_k pA_k}, its interval the difference interval scaled the same way.
 */
final class StratifiedRates {
    static final String ESTIMATOR = "stratified_by_weight_period";

    private StratifiedRates() {
    }

    /** Difference, its variance, and the stratified control rate. */
    record Estimate(double diff, double variance, double controlRate) {
        double pValue() {
            if (variance == 0) {
                return diff == 0 ? 1 : 0;
            }
            return Erf.erfc(Math.abs(diff / Math.sqrt(variance)) / Math.sqrt(2));
        }
    }

    /** One period's counts of the control and one variant for the goal. */
    record Stratum(Proportion control, Proportion treatment) {
    }

    static Estimate estimate(List<Stratum> strata) {
        long total = strata.stream().mapToLong(s -> s.control().visitors() + s.treatment().visitors()).sum();
        double diff = 0;
        double variance = 0;
        double controlRate = 0;
        for (Stratum s : strata) {
            double w = (double) (s.control().visitors() + s.treatment().visitors()) / total;
            double pA = s.control().rate();
            double pB = s.treatment().rate();
            diff += w * (pB - pA);
            controlRate += w * pA;
            variance += w * w * (pA * (1 - pA) / s.control().visitors() + pB * (1 - pB) / s.treatment().visitors());
        }
        return new Estimate(diff, variance, controlRate);
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
