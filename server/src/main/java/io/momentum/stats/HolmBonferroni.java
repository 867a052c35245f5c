package io.momentum.stats;

import java.util.List;

/**
 * Holm's step-down adjustment (family-wise error rate). With p sorted ascending,
 * {@code adj_(i) = max_{j <= i} min(1, (m - j + 1) p_(j))}; returned in input order.
 */
public final class HolmBonferroni {
    private HolmBonferroni() {
    }

    public static AdjustedPValues adjust(List<Double> pValues) {
        double[] p = AdjustedPValues.validated(pValues);
        int m = p.length;
        int[] order = AdjustedPValues.ascendingOrder(p);
        double[] adjusted = new double[m];
        double runningMax = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            runningMax = Math.max(runningMax, Math.min(1, (m - rank) * p[i]));
            adjusted[i] = runningMax;
        }
        return AdjustedPValues.of(adjusted);
    }
}
