package io.momentum.stats;

/**
 * Power of the two-proportion z-test (pooled under H0) with n visitors per arm, the inverse of
 * {@link SampleSize} with {@link SampleSize.Formula#POOLED}:
 * {@code power = Φ((δ sqrt(n) - z_α sqrt(2 p̄ q̄)) / sqrt(pA qA + pB qB))}. Like the sample-size
 * formula it ignores the far tail of a two-sided test (below 1e-3 of alpha at usual settings).
 * Undefined (null) with no visitors, no effect, or a degenerate alternative (pA qA + pB qB = 0).
 */
public final class Power {
    private Power() {
    }

    /** Chance of a significant result if the effect is real. */
    public record Result(Double power) {
    }

    public static Result of(Effect effect, double alpha, boolean twoSided, long visitorsPerArm) {
        Require.openUnit("alpha", alpha);
        Require.nonNegative("visitors_per_arm", visitorsPerArm);
        double delta = effect.absoluteDifference();
        double sd = effect.alternativeSd();
        if (visitorsPerArm == 0 || delta == 0 || sd == 0) {
            return new Result(null);
        }
        double zAlpha = SampleSize.criticalZ(alpha, twoSided);
        double z = (delta * Math.sqrt(visitorsPerArm) - zAlpha * effect.pooledNullSd()) / sd;
        return new Result(Tails.normalCdf(z));
    }
}
