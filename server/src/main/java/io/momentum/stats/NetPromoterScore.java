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
 *
 * <p>{@link #compareOverExposed} is the same test per exposed visitor: non-responders are a fourth category that
 * scores 0, so P and D are shares of the exposed visitors. When the variant changes who answers (a one-click
 * rating against a long form), this compares what the variant does to all visitors, not to a self-selected group.
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
        return compare(scoreAndSe("control", controlCounts, null), scoreAndSe("treatment", treatmentCounts, null), alpha);
    }

    /** The NPS per exposed visitor (non-responders score 0); {@code exposed} must be at least the answers counted. */
    public static Result compareOverExposed(List<Long> controlCounts, long controlExposed, List<Long> treatmentCounts,
                                            long treatmentExposed, double alpha) {
        return compare(scoreAndSe("control", controlCounts, controlExposed),
                scoreAndSe("treatment", treatmentCounts, treatmentExposed), alpha);
    }

    private static Result compare(double[] a, double[] b, double alpha) {
        Require.openUnit("alpha", alpha);
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

    /** {nps, se} for one variant over its answers (or its {@code exposed} visitors), or null when there are none. */
    private static double[] scoreAndSe(String side, List<Long> counts, Long exposed) {
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
        if (exposed != null) {
            if (Require.nonNegative(side + " exposed", exposed) < n) {
                throw new IllegalArgumentException(side + " exposed (" + exposed + ") must be at least its answers (" + n + ")");
            }
            n = exposed;
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
