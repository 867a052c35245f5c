package io.momentum.stats;

/**
 * Visitors per arm needed to detect an {@link Effect} with a two-proportion z-test, with
 * {@code z_α = z_{1-α/2}} (two-sided) or {@code z_{1-α}} and {@code z_β = z_{power}}:
 * <ul>
 *   <li>pooled (default): {@code n = (z_α sqrt(2 p̄ q̄) + z_β sqrt(pA qA + pB qB))² / δ²}, p̄ = (pA + pB)/2;</li>
 *   <li>unpooled: {@code n = (z_α + z_β)² (pA qA + pB qB) / δ²};</li>
 *   <li>Evan Miller's calculator: {@code n = (z_α sqrt(2 pA qA) + z_β sqrt(pA qA + pB qB))² / δ²}.</li>
 * </ul>
 * {@code δ = pB - pA}; a zero effect needs infinitely many visitors, reported as null.
 */
public final class SampleSize {
    /** The formula used, for people who compare calculators. */
    public enum Formula { POOLED, UNPOOLED, EVAN_MILLER }

    private SampleSize() {
    }

    /** Visitors per arm, rounded up, and the unrounded value. */
    public record Result(Long nPerArm, Double nPerArmExact) {
    }

    public static Result perArm(Effect effect, double alpha, double power, boolean twoSided, Formula formula) {
        Require.openUnit("alpha", alpha);
        Require.openUnit("power", power);
        double delta = effect.absoluteDifference();
        if (delta == 0) {
            return new Result(null, null);
        }
        double zAlpha = criticalZ(alpha, twoSided);
        double zBeta = Tails.normalQuantile(power);
        double root = switch (formula) {
            case POOLED -> zAlpha * effect.pooledNullSd() + zBeta * effect.alternativeSd();
            case UNPOOLED -> (zAlpha + zBeta) * effect.alternativeSd();
            case EVAN_MILLER -> zAlpha * effect.baselineNullSd() + zBeta * effect.alternativeSd();
        };
        double exact = root * root / (delta * delta);
        return Double.isFinite(exact) ? new Result((long) Math.ceil(exact), exact) : new Result(null, null);
    }

    /**
     * Visitors per arm for a difference of means δ with a two-sided test, {@code n = (z_α + z_β)² σ² / δ²},
     * σ² the variance of one visitor's contribution to the difference (VarA + VarB); null when δ or σ² is 0.
     */
    public static Long perArmForMeans(double delta, double sigma2, double alpha, double power) {
        Require.openUnit("alpha", alpha);
        Require.openUnit("power", power);
        if (delta == 0 || !(sigma2 > 0) || !Double.isFinite(delta)) {
            return null;
        }
        double root = criticalZ(alpha, true) + Tails.normalQuantile(power);
        double exact = root * root * sigma2 / (delta * delta);
        return Double.isFinite(exact) ? (long) Math.ceil(exact) : null;
    }

    static double criticalZ(double alpha, boolean twoSided) {
        return twoSided ? Tails.normalCritical(alpha) : -Tails.normalQuantile(alpha);
    }
}
