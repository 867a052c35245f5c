package io.momentum.stats;

/** A confidence interval {@code [lower, upper]}; both ends are finite. */
public record Interval(double lower, double upper) {
    public Interval {
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || lower > upper) {
            throw new IllegalArgumentException("interval must be finite with lower <= upper, was [" + lower + ", " + upper + "]");
        }
    }

    /** {@code center ± halfWidth}, or null when either is undefined. */
    static Interval around(double center, double halfWidth) {
        double lower = center - halfWidth;
        double upper = center + halfWidth;
        return Double.isFinite(lower) && Double.isFinite(upper) ? new Interval(lower, upper) : null;
    }
}
