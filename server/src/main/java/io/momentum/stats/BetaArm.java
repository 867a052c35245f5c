package io.momentum.stats;

/** A Beta(alpha, beta) posterior of one arm's conversion rate. */
public record BetaArm(double alpha, double beta) {
    public BetaArm {
        Require.positive("alpha", alpha);
        Require.positive("beta", beta);
    }

    /** The posterior after observing the proportion, starting from this arm as the prior. */
    public BetaArm update(Proportion observed) {
        return new BetaArm(alpha + observed.conversions(), beta + observed.visitors() - observed.conversions());
    }

    public double mean() {
        return alpha / (alpha + beta);
    }

    double standardDeviation() {
        double total = alpha + beta;
        return Math.sqrt(alpha * beta / (total * total * (total + 1)));
    }
}
