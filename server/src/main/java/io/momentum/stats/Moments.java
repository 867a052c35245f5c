package io.momentum.stats;

/** Sufficient statistics of a numeric metric: count, sum and sum of squares of per-visitor values. */
public record Moments(long n, double sum, double sumSquares) {
    public Moments {
        Require.nonNegative("n", n);
        Require.finite("sum", sum);
        Require.nonNegative("sum_squares", sumSquares);
        if (n == 0 && (sum != 0 || sumSquares != 0)) {
            throw new IllegalArgumentException("sum and sum_squares must be 0 when n = 0, were " + sum + " and " + sumSquares);
        }
    }

    /** Mean; NaN when n = 0. */
    public double mean() {
        return sum / n;
    }

    /**
     * Sample variance (n - 1 denominator); NaN when n < 2. Rounding in sum_squares - sum^2/n can go
     * slightly negative for constant data, so it is clamped at 0.
     */
    public double variance() {
        if (n < 2) {
            return Double.NaN;
        }
        double mean = mean();
        return Math.max(0, (sumSquares - mean * sum) / (n - 1));
    }
}
