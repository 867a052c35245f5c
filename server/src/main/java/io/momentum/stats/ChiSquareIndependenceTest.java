package io.momentum.stats;

import java.util.List;

/**
 * k-variant chi-square test of independence on the 2 × k table (converted, not converted) per
 * variant, without continuity correction: {@code E = row total × column total / N},
 * {@code X² = Σ (O - E)²/E}, {@code df = k - 1}, {@code p = P(χ²_df >= X²)}.
 *
 * <p>Variants without visitors take no part (they lower df); with fewer than 2 non-empty variants
 * everything is null. When nobody or everybody converted the rates cannot differ: X² = 0, p = 1.
 */
public final class ChiSquareIndependenceTest {
    private ChiSquareIndependenceTest() {
    }

    public static ChiSquareResult test(List<Proportion> variants) {
        if (variants.size() < 2) {
            throw new IllegalArgumentException("at least 2 variants are needed, were " + variants.size());
        }
        List<Proportion> present = variants.stream().filter(v -> !v.isEmpty()).toList();
        if (present.size() < 2) {
            return new ChiSquareResult(null, null, null);
        }
        int df = present.size() - 1;
        double visitors = present.stream().mapToDouble(Proportion::visitors).sum();
        double conversions = present.stream().mapToDouble(Proportion::conversions).sum();
        if (conversions == 0 || conversions == visitors) {
            return new ChiSquareResult(0.0, df, 1.0);
        }
        double rate = conversions / visitors;
        double statistic = 0;
        for (Proportion v : present) {
            double expectedConverted = v.visitors() * rate;
            double expectedNot = v.visitors() - expectedConverted;
            double converted = v.conversions();
            double notConverted = v.visitors() - converted;
            statistic += square(converted - expectedConverted) / expectedConverted
                    + square(notConverted - expectedNot) / expectedNot;
        }
        return new ChiSquareResult(statistic, df, Tails.chiSquareUpper(statistic, df));
    }

    private static double square(double x) {
        return x * x;
    }
}
