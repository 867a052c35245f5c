package io.momentum.stats;

import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * The difference of two conversion rates over strata (a bandit's weight periods): when the split changes
 * between strata, pooled counts are biased (Simpson's paradox). The difference is the traffic-weighted
 * mean of the per-stratum differences, {@code d = Σ w_k (pB_k - pA_k)} with {@code w_k = n_k / N}, its
 * variance {@code Σ w_k² (pA_k qA_k / nA_k + pB_k qB_k / nB_k)}, and the stratified control rate
 * {@code Σ w_k pA_k}. Every stratum must have visitors in both arms.
 */
public final class StratifiedDifference {
    private StratifiedDifference() {
    }

    /** One stratum's counts of the control and the treatment. */
    public record Stratum(Proportion control, Proportion treatment) {
    }

    /** Difference, its variance, and the stratified control rate. */
    public record Estimate(double diff, double variance, double controlRate) {
        /** Two-sided normal p-value of the difference; with no variance, 1 for no difference and 0 otherwise. */
        public double pValue() {
            if (variance == 0) {
                return diff == 0 ? 1 : 0;
            }
            return Erf.erfc(Math.abs(diff / Math.sqrt(variance)) / Math.sqrt(2));
        }

        /** The normal {@code 1 - alpha} confidence interval of the difference. */
        public Interval ciDiff(double alpha) {
            double half = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - alpha / 2) * Math.sqrt(variance);
            return new Interval(diff - half, diff + half);
        }
    }

    public static Estimate estimate(List<Stratum> strata) {
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
}
