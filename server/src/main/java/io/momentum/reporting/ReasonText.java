package io.momentum.reporting;

import java.util.List;
import java.util.Locale;

/** Numbers as marketers read them in decision reasons: "~12,400", "+3.2%", "p = 0.013", "about 6 days". */
final class ReasonText {
    private ReasonText() {
    }

    /** Rounded to three significant digits with thousands separators, so nobody reads false precision. */
    static String approxCount(long n) {
        if (n < 1000) {
            return String.format(Locale.ROOT, "%,d", n);
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(n)) - 2);
        return String.format(Locale.ROOT, "%,d", Math.round(Math.round(n / magnitude) * magnitude));
    }

    static String percent(Double fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }

    static String interval(List<Double> ci) {
        return ci == null ? "n/a" : percent(ci.get(0)) + " to " + percent(ci.get(1));
    }

    static String pValue(Double p) {
        if (p == null) {
            return "n/a";
        }
        return p < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "= %.4f", p);
    }

    static String days(Double days) {
        if (days == null) {
            return "no recent traffic to estimate when";
        }
        if (days < 1) {
            return "less than a day";
        }
        long whole = (long) Math.ceil(days);
        return "about " + whole + (whole == 1 ? " day" : " days");
    }
}
