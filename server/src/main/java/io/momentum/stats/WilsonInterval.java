package io.momentum.stats;

/**
 * The Wilson score interval of a conversion rate: unlike the normal (Wald) interval it stays inside [0, 1] and
 * is not zero-width at 0 or 100 %, which matters for the small rates of cold traffic (0.1 % banners).
 */
public final class WilsonInterval {
    private WilsonInterval() {
    }

    /** The two-sided {@code 1 - alpha} interval of {@code conversions / visitors}; null when there are no visitors. */
    public static Interval of(Proportion p, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be between 0 and 1, was " + alpha);
        }
        if (p.isEmpty()) {
            return null;
        }
        double n = p.visitors();
        double rate = p.rate();
        double z = Tails.normalCritical(alpha);
        double z2 = z * z;
        double center = (rate + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(rate * (1 - rate) / n + z2 / (4 * n * n));
        // The ends are exactly 0 and 1 at rate 0 and 1; rounding must not push them past.
        return new Interval(p.conversions() == 0 ? 0 : Math.max(0, center - half),
                p.conversions() == p.visitors() ? 1 : Math.min(1, center + half));
    }
}
