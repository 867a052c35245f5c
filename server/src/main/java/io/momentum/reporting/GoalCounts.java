package io.momentum.reporting;

/**
 * Sufficient statistics of one goal for one variant, as the counters hold them.
 *
 * @param converters      unique visitors who did the goal event after their exposure
 * @param conversions     goal events counted (a visitor may convert more than once)
 * @param valueSum        sum over converters of each visitor's total value (major currency units)
 * @param valueSumSquares sum over converters of the squared per-visitor totals (Welch needs it)
 */
public record GoalCounts(long converters, long conversions, double valueSum, double valueSumSquares) {
    public static final GoalCounts NONE = new GoalCounts(0, 0, 0, 0);

    public GoalCounts {
        if (converters < 0 || conversions < 0) {
            throw new IllegalArgumentException("counts must be >= 0, were " + converters + " and " + conversions);
        }
    }
}
