package io.momentum.stats;

/**
 * The effect a test should detect: a baseline conversion rate and a minimum detectable effect,
 * relative ({@code pB = pA (1 + mde)}) or absolute ({@code pB = pA + mde}).
 */
public record Effect(double baselineRate, double mde, Type type) {
    /** How the minimum detectable effect is expressed. */
    public enum Type { RELATIVE, ABSOLUTE }

    public Effect {
        Require.unit("baseline_rate", baselineRate);
        Require.finite("mde", mde);
        double treatment = type == Type.RELATIVE ? baselineRate * (1 + mde) : baselineRate + mde;
        if (!(treatment >= 0 && treatment <= 1)) {
            throw new IllegalArgumentException("baseline_rate " + baselineRate + " with " + type.name().toLowerCase()
                    + " mde " + mde + " gives a treatment rate of " + treatment + ", outside [0, 1]");
        }
    }

    public double treatmentRate() {
        return type == Type.RELATIVE ? baselineRate * (1 + mde) : baselineRate + mde;
    }

    double absoluteDifference() {
        return Math.abs(treatmentRate() - baselineRate);
    }

    /** Standard deviation of one visitor's contribution to pB - pA under H1: sqrt(pA qA + pB qB). */
    double alternativeSd() {
        double pA = baselineRate;
        double pB = treatmentRate();
        return Math.sqrt(pA * (1 - pA) + pB * (1 - pB));
    }

    /** Same under H0 with the average rate pooled: sqrt(2 p̄ q̄). */
    double pooledNullSd() {
        double mean = (baselineRate + treatmentRate()) / 2;
        return Math.sqrt(2 * mean * (1 - mean));
    }

    /** Evan Miller's H0 form, which assumes both arms at the baseline: sqrt(2 pA qA). */
    double baselineNullSd() {
        return Math.sqrt(2 * baselineRate * (1 - baselineRate));
    }
}
