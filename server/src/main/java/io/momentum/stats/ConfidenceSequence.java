package io.momentum.stats;

/**
 * The always-valid confidence interval of the normal-mixture mSPRT ({@link NormalMixtureSprt}): the set of
 * effects θ0 the test does not reject at α, {@code {θ0 : Λ(θ0) < 1/α}}, which is
 * {@code θ̂ ± sqrt(V (V+τ²)/τ² · (2 ln(1/α) + ln((V+τ²)/V)))}. It excludes θ0 exactly when the mSPRT
 * p-value of θ0 is below α, and it covers the true effect at every look at once with probability
 * 1 - α, so intersecting the intervals of several looks keeps that coverage. Null without a variance.
 */
public final class ConfidenceSequence {
    private ConfidenceSequence() {
    }

    public static Interval interval(double difference, double variance, double tau2, double alpha) {
        Require.openUnit("alpha", alpha);
        if (!(variance > 0) || !(tau2 > 0) || !Double.isFinite(difference)) {
            return null;
        }
        double half = Math.sqrt(variance * (variance + tau2) / tau2 * (2 * Math.log(1 / alpha) + Math.log((variance + tau2) / variance)));
        return Interval.around(difference, half);
    }

    /** The mSPRT p-value of the hypothesis θ = θ0 (the interval at α excludes θ0 exactly when it is below α). */
    public static double pValue(double difference, double variance, double tau2, double theta0) {
        return NormalMixtureSprt.pValue(difference - theta0, variance, tau2);
    }
}
