package io.momentum.stats;

import java.util.List;

/**
 * Net Promoter Score per variant and the z-test of their difference.
 *
 * <p>From the counts of answers 0..10: promoters P = share of 9–10, detractors D = share of 0–6,
 * {@code nps = 100 (P - D)} in [-100, 100]. Each answer scores +1/0/-1, whose population variance
 * is {@code P + D - (P - D)²}, so {@code se = 100 sqrt((P + D - (P - D)²)/n)}.
 * {@code diff = npsB - npsA}, {@code z = diff / sqrt(seA² + seB²)}, {@code p = 2 Φ(-|z|)},
 * {@code ci_diff = diff ± z_{1-α/2} sqrt(seA² + seB²)}. No answers: that side's fields and the
 * comparison are null. Both SEs 0: z = 0, p = 1 if the scores are equal, else z and p null.
 */
public final class NetPromoterScore {
    private static final int SCORES = 11;

    private NetPromoterScore() {
    }

    /** Scores, their standard errors and the comparison of treatment against control. */
    public record Result(Double npsControl, Double seControl, Double npsTreatment, Double seTreatment,
                         Double diff, Double z, Double pValue, Interval ciDiff) {
    }

    public static Result compare(List<Long> controlCounts, List<Long> treatmentCounts, double alpha) {
        Require.openUnit("alpha", alpha);
        double[] a = scoreAndSe("control", controlCounts);
        double[] b = scoreAndSe("treatment", treatmentCounts);
        if (a == null || b == null) {
            return new Result(a == null ? null : a[0], a == null ? null : a[1],
                    b == null ? null : b[0], b == null ? null : b[1], null, null, null, null);
        }
        double diff = b[0] - a[0];
        double se = Math.sqrt(a[1] * a[1] + b[1] * b[1]);
        if (se == 0) {
            boolean same = diff == 0;
            return new Result(a[0], a[1], b[0], b[1], diff, same ? 0.0 : null, same ? 1.0 : null, new Interval(diff, diff));
        }
        double z = diff / se;
        return new Result(a[0], a[1], b[0], b[1], diff, z, Tails.normalTwoSided(z),
                Interval.around(diff, Tails.normalCritical(alpha) * se));
    }

    /** {nps, se} for one variant, or null when nobody answered. */
    private static double[] scoreAndSe(String side, List<Long> counts) {
        if (counts.size() != SCORES) {
            throw new IllegalArgumentException(side + " counts must have 11 entries (scores 0 to 10), had " + counts.size());
        }
        long n = 0;
        long promoters = 0;
        long detractors = 0;
        for (int score = 0; score < SCORES; score++) {
            long count = Require.nonNegative(side + " count of score " + score, counts.get(score));
            n += count;
            promoters += score >= 9 ? count : 0;
            detractors += score <= 6 ? count : 0;
        }
        if (n == 0) {
            return null;
        }
        double p = (double) promoters / n;
        double d = (double) detractors / n;
        double variance = Math.max(0, p + d - (p - d) * (p - d));
        return new double[] {100 * (p - d), 100 * Math.sqrt(variance / n)};
    }
}
