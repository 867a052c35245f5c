package io.momentum.stats;

/**
 * The planned sample of a sequential experiment: visitors per arm at which the normal-mixture mSPRT
 * ({@link ConfidenceSequence} at α) detects a true difference δ with the given power at one look,
 * the smallest n with {@code Φ((|δ| - h(n)) / sqrt(σ²/n)) >= power}, where σ² is the variance of one
 * visitor's contribution to the difference (pA qA + pB qB for rates) and h(n) the half-width of the
 * always-valid interval with V = σ²/n. The test may stop at any earlier look, so its power by n is at
 * least this; the simulations in the README show the actual stopping times. Null when δ or σ² is 0.
 */
public final class MixtureSampleSize {
    private static final long MAX_VISITORS = 1_000_000_000_000L;

    private MixtureSampleSize() {
    }

    public static Long perArm(double delta, double sigma2, double tau2, double alpha, double power) {
        Require.openUnit("alpha", alpha);
        Require.openUnit("power", power);
        if (delta == 0 || !(sigma2 > 0) || !(tau2 > 0) || !Double.isFinite(delta)) {
            return null;
        }
        long high = 1;
        while (powerAt(delta, sigma2, tau2, alpha, high) < power) {
            if (high > MAX_VISITORS) {
                return null;
            }
            high *= 2;
        }
        long low = high / 2;
        while (high - low > 1) {
            long mid = low + (high - low) / 2;
            if (powerAt(delta, sigma2, tau2, alpha, mid) >= power) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    /** Chance that one look at n visitors per arm lies outside the always-valid boundary when the difference is δ. */
    public static double powerAt(double delta, double sigma2, double tau2, double alpha, long visitorsPerArm) {
        if (visitorsPerArm <= 0 || !(sigma2 > 0)) {
            return 0;
        }
        double variance = sigma2 / visitorsPerArm;
        Interval boundary = ConfidenceSequence.interval(0, variance, tau2, alpha);
        return Tails.normalCdf((Math.abs(delta) - boundary.upper()) / Math.sqrt(variance));
    }
}
