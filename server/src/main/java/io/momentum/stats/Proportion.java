package io.momentum.stats;

/** Sufficient statistics of a conversion rate: visitors and how many of them converted. */
public record Proportion(long visitors, long conversions) {
    public Proportion {
        Require.nonNegative("visitors", visitors);
        Require.nonNegative("conversions", conversions);
        if (conversions > visitors) {
            throw new IllegalArgumentException("conversions (" + conversions + ") must not exceed visitors (" + visitors + ")");
        }
    }

    public boolean isEmpty() {
        return visitors == 0;
    }

    /** Conversion rate; NaN for an empty arm, which callers turn into null. */
    public double rate() {
        return (double) conversions / visitors;
    }

    /** Unpooled variance of the rate estimate, p(1-p)/n. */
    public double varianceOfRate() {
        double p = rate();
        return p * (1 - p) / visitors;
    }
}
