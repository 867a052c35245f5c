package io.momentum.stats;

import java.util.List;

/**
 * Sample-ratio mismatch: chi-square goodness of fit of the observed visitors per variant against
 * the configured weights (any scale). {@code E_i = N w_i / Σw}, {@code X² = Σ (O_i - E_i)²/E_i},
 * {@code df = k - 1}, {@code p = P(χ²_df >= X²)}.
 *
 * <p>A variant with weight 0 and no visitors takes no part (it lowers df); one with weight 0 but
 * visitors is a certain mismatch: statistic null (infinite), p = 0. No visitors at all: statistic
 * and p null.
 */
public final class SampleRatioMismatchTest {
    private SampleRatioMismatchTest() {
    }

    public static ChiSquareResult test(List<Long> observed, List<Double> weights) {
        if (observed.size() != weights.size()) {
            throw new IllegalArgumentException("observed and weights must have the same length, were "
                    + observed.size() + " and " + weights.size());
        }
        if (observed.size() < 2) {
            throw new IllegalArgumentException("at least 2 variants are needed, were " + observed.size());
        }
        double weightSum = 0;
        long total = 0;
        for (int i = 0; i < observed.size(); i++) {
            weightSum += Require.nonNegative("weights[" + i + "]", weights.get(i));
            total += Require.nonNegative("observed[" + i + "]", observed.get(i));
        }
        if (weightSum == 0) {
            throw new IllegalArgumentException("at least one weight must be > 0, were " + weights);
        }
        int cells = 0;
        double statistic = 0;
        boolean impossibleCell = false;
        for (int i = 0; i < observed.size(); i++) {
            double expected = total * weights.get(i) / weightSum;
            long seen = observed.get(i);
            if (weights.get(i) == 0) {
                impossibleCell |= seen > 0;
                continue;
            }
            cells++;
            statistic += (seen - expected) * (seen - expected) / expected;
        }
        int df = cells - 1;
        if (impossibleCell) {
            return new ChiSquareResult(null, df, 0.0);
        }
        if (total == 0) {
            return new ChiSquareResult(null, df, null);
        }
        if (df == 0) {
            return new ChiSquareResult(0.0, 0, 1.0);
        }
        return new ChiSquareResult(statistic, df, Tails.chiSquareUpper(statistic, df));
    }
}
