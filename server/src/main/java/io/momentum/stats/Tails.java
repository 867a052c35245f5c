package io.momentum.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * Tail probabilities and critical values computed from survival functions, so that p-values stay
 * accurate far into the tail (1 - cdf would round to 0 below about 1e-16).
 */
final class Tails {
    /** The solver default of Commons Math (1e-9) is too coarse for 1e-9 relative agreement of CIs. */
    private static final double QUANTILE_ACCURACY = 1e-14;
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private Tails() {
    }

    /** P(|Z| >= |z|) for a standard normal Z: erfc(|z|/sqrt 2). */
    static double normalTwoSided(double z) {
        return Erf.erfc(Math.abs(z) / Math.sqrt(2));
    }

    /** P(Z <= z) for a standard normal Z. */
    static double normalCdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }

    /** z with P(Z <= z) = p; lower-tail form keeps precision for small p. */
    static double normalQuantile(double p) {
        return p < 0.5
                ? STANDARD_NORMAL.inverseCumulativeProbability(p)
                : -STANDARD_NORMAL.inverseCumulativeProbability(1 - p);
    }

    /** Critical value z with P(|Z| >= z) = alpha. */
    static double normalCritical(double alpha) {
        return -normalQuantile(alpha / 2);
    }

    /** P(|T| >= |t|) for Student's t with df degrees of freedom: I_{df/(df+t^2)}(df/2, 1/2). */
    static double studentTwoSided(double t, double df) {
        return Beta.regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** Critical value t with P(|T| >= t) = alpha. */
    static double studentCritical(double alpha, double df) {
        return -new TDistribution(null, df, QUANTILE_ACCURACY).inverseCumulativeProbability(alpha / 2);
    }

    /** P(X >= x) for a chi-square X with df degrees of freedom: Q(df/2, x/2). */
    static double chiSquareUpper(double x, int df) {
        return Gamma.regularizedGammaQ(df / 2.0, x / 2);
    }
}
