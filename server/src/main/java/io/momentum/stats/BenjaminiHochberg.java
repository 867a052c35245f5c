package io.momentum.stats;

import java.util.List;

/**
 * Benjamini–Hochberg step-up adjustment (false discovery rate). With p sorted ascending,
 * {@code adj_(i) = min_{j >= i} min(1, m p_(j) / j)}; returned in input order.
 */
public final class BenjaminiHochberg {
    private BenjaminiHochberg() {
    }

    public static AdjustedPValues adjust(List<Double> pValues) {
        double[] p = AdjustedPValues.validated(pValues);
        int m = p.length;
        int[] order = AdjustedPValues.ascendingOrder(p);
        double[] adjusted = new double[m];
        double runningMin = 1;
        for (int rank = m - 1; rank >= 0; rank--) {
            int i = order[rank];
            runningMin = Math.min(runningMin, m * p[i] / (rank + 1));
            adjusted[i] = runningMin;
        }
        return AdjustedPValues.of(adjusted);
    }
}
