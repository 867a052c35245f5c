package io.momentum.stats;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** P-values adjusted for multiple comparisons, in the order they were given. */
public record AdjustedPValues(List<Double> adjusted) {
    /** Bounds the work per call. */
    public static final int MAX_P_VALUES = 100_000;

    public AdjustedPValues {
        adjusted = List.copyOf(adjusted);
    }

    static AdjustedPValues of(double[] adjusted) {
        return new AdjustedPValues(Arrays.stream(adjusted).boxed().toList());
    }

    static double[] validated(List<Double> pValues) {
        if (pValues.size() > MAX_P_VALUES) {
            throw new IllegalArgumentException("at most " + MAX_P_VALUES + " p-values are allowed, were " + pValues.size());
        }
        double[] p = new double[pValues.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = Require.unit("p_values[" + i + "]", pValues.get(i));
        }
        return p;
    }

    /** Indices sorted by p ascending; ties keep input order so results are deterministic. */
    static int[] ascendingOrder(double[] p) {
        return IntStream.range(0, p.length).boxed()
                .sorted((i, j) -> Double.compare(p[i], p[j]))
                .mapToInt(Integer::intValue)
                .toArray();
    }
}
