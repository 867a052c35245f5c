package io.momentum.stats;

/**
 * The mSPRT of {@link MixtureSprt} for any asymptotically normal difference (value per visitor, NPS
 * points, a stratified rate difference), on its sufficient statistics: given the estimate and its
 * variance V, {@code Λ = sqrt(V/(V+τ²)) exp(θ̂² τ² / (2 V (V+τ²)))} and the always-valid p-value of this
 * look is {@code min(1, 1/Λ)}. No variance estimate (V = 0) counts as no evidence (p = 1).
 */
public final class NormalMixtureSprt {
    private NormalMixtureSprt() {
    }

    public static double pValue(double difference, double variance, double tau2) {
        if (!(variance > 0) || !(tau2 > 0) || !Double.isFinite(difference)) {
            return 1;
        }
        double logLambda = 0.5 * Math.log(variance / (variance + tau2))
                + difference * difference * tau2 / (2 * variance * (variance + tau2));
        return Math.min(1, Math.exp(-logLambda));
    }
}
