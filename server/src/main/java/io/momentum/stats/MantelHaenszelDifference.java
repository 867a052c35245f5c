package io.momentum.stats;

import java.util.List;

/**
 * The common difference of two conversion rates over strata (a bandit's weight-period cohorts) with
 * Cochran–Mantel–Haenszel weights {@code w_k = nA_k nB_k / (nA_k + nB_k)}: each stratum counts by the
 * information it holds about the difference, so a period the bandit split 95/5 weighs little and Simpson's
 * paradox from changing splits cannot arise (every stratum compares arms exposed at the same time).
 *
 * <p>With {@code W = Σ w_k}: stratified rates {@code rA = Σ w_k pA_k / W}, {@code rB = Σ w_k pB_k / W},
 * difference {@code d = rB - rA}; variances {@code Var(rA) = Σ w_k² pA_k qA_k / nA_k / W²} (same for B),
 * {@code Var(d) = Var(rA) + Var(rB)}. The lift {@code rB / rA - 1} gets a delta-method interval that includes
 * the control's uncertainty: {@code Var(lift) = Var(rB) / rA² + rB² Var(rA) / rA⁴}. With a flat prior the
 * posterior of the difference is {@code N(d, Var(d))}: chance to beat the control {@code Φ(d / sd)} and expected
 * loss of choosing the treatment {@code sd φ(d / sd) - d Φ(-d / sd)}. Every stratum must have visitors in both arms.
 */
public final class MantelHaenszelDifference {
    private MantelHaenszelDifference() {
    }

    /** The stratified rates, their variances and the difference. */
    public record Estimate(double controlRate, double controlVariance, double treatmentRate, double treatmentVariance) {
        public double diff() {
            return treatmentRate - controlRate;
        }

        public double variance() {
            return controlVariance + treatmentVariance;
        }

        /** Two-sided normal p-value of the difference; with no variance, 1 for no difference and 0 otherwise. */
        public double pValue() {
            if (variance() == 0) {
                return diff() == 0 ? 1 : 0;
            }
            return Tails.normalTwoSided(diff() / Math.sqrt(variance()));
        }

        /** The normal {@code 1 - alpha} interval of the difference. */
        public Interval ciDiff(double alpha) {
            Require.openUnit("alpha", alpha);
            return Interval.around(diff(), Tails.normalCritical(alpha) * Math.sqrt(variance()));
        }

        /** {@code rB / rA - 1}; null while the control rate is 0. */
        public Double lift() {
            return controlRate > 0 ? treatmentRate / controlRate - 1 : null;
        }

        /** Delta-method {@code 1 - alpha} interval of the lift (both arms' uncertainty); null while the control rate is 0. */
        public Interval ciLift(double alpha) {
            Require.openUnit("alpha", alpha);
            if (!(controlRate > 0)) {
                return null;
            }
            double a2 = controlRate * controlRate;
            double se = Math.sqrt(treatmentVariance / a2 + treatmentRate * treatmentRate * controlVariance / (a2 * a2));
            return Interval.around(lift(), Tails.normalCritical(alpha) * se);
        }

        /** Posterior P(treatment better) under a flat prior; 0.5, 1 or 0 when there is no variance. */
        public double chanceToBeatControl() {
            if (variance() == 0) {
                return diff() == 0 ? 0.5 : diff() > 0 ? 1 : 0;
            }
            return Tails.normalCdf(diff() / Math.sqrt(variance()));
        }

        /** Posterior expected loss of choosing the treatment, E[max(0, -Δ)], in rate units. */
        public double expectedLoss() {
            double sd = Math.sqrt(variance());
            if (sd == 0) {
                return Math.max(0, -diff());
            }
            double z = diff() / sd;
            return sd * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) - diff() * Tails.normalCdf(-z);
        }
    }

    public static Estimate estimate(List<StratifiedDifference.Stratum> strata) {
        if (strata.isEmpty()) {
            throw new IllegalArgumentException("at least one stratum is needed");
        }
        double total = 0;
        double a = 0;
        double b = 0;
        double varA = 0;
        double varB = 0;
        for (StratifiedDifference.Stratum s : strata) {
            if (s.control().isEmpty() || s.treatment().isEmpty()) {
                throw new IllegalArgumentException("every stratum needs visitors in both arms, had " + s.control().visitors()
                        + " and " + s.treatment().visitors());
            }
            double nA = s.control().visitors();
            double nB = s.treatment().visitors();
            double w = nA * nB / (nA + nB);
            total += w;
            a += w * s.control().rate();
            b += w * s.treatment().rate();
            varA += w * w * s.control().varianceOfRate();
            varB += w * w * s.treatment().varianceOfRate();
        }
        return new Estimate(a / total, varA / (total * total), b / total, varB / (total * total));
    }
}
