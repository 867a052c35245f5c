package io.momentum.dashboard;

import java.util.Locale;

/** How the dashboard writes numbers: counts with separators, fixed decimals, percentages and p-values. */
final class Formats {
    private Formats() {
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    static String percentOrNa(Double fraction) {
        return fraction == null ? "n/a" : percent(fraction);
    }

    static String signedPercent(Double fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }

    static String pValue(Double p) {
        if (p == null) {
            return "n/a";
        }
        return p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }
}
