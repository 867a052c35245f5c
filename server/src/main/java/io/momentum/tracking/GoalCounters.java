package io.momentum.tracking;

/**
 * Sufficient statistics of one goal (in one variant, or globally): unique converters, conversion count,
 * and the sum and sum of squares of per-visitor value totals in minor units (cents). Visitors who did
 * not convert have total 0, so for Welch over all exposed visitors: n = exposures, sum = valueSum,
 * sum of squares = valueSumSquares.
 */
public record GoalCounters(long converters, long conversions, long valueSum, long valueSumSquares) {
    public static final GoalCounters ZERO = new GoalCounters(0, 0, 0, 0);
}
