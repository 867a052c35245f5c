package io.momentum.stats;

/**
 * Welch's unequal-variance t-test from sufficient statistics (DESIGN §6).
 *
 * <p>{@code diff = meanB - meanA}, {@code SE = sqrt(sA²/nA + sB²/nB)} with sample variances,
 * {@code t = diff / SE}, Welch–Satterthwaite {@code df = SE⁴ / ((sA²/nA)²/(nA-1) + (sB²/nB)²/(nB-1))},
 * {@code p_value = 2 P(T_df >= |t|)}, {@code ci_diff = diff ± t_{df,1-α/2} SE}.
 *
 * <p>Degenerate data: diff is null when an arm is empty; t, df, p and the CI are null when an arm
 * has fewer than 2 values. When both arms have zero variance (SE = 0) df is undefined (null); then
 * t = 0, p = 1 and CI = [diff, diff] if the means are equal, and t, p and CI are null otherwise.
 */
public final class WelchTTest {
    private WelchTTest() {
    }

    /** The test's outcome; null marks an undefined quantity. */
    public record Result(Double diff, Double t, Double df, Double pValue, Interval ciDiff) {
    }

    public static Result compare(Moments control, Moments treatment, double alpha) {
        Require.openUnit("alpha", alpha);
        if (control.n() == 0 || treatment.n() == 0) {
            return new Result(null, null, null, null, null);
        }
        double diff = treatment.mean() - control.mean();
        if (control.n() < 2 || treatment.n() < 2) {
            return new Result(Finite.orNull(diff), null, null, null, null);
        }
        double a = control.variance() / control.n();
        double b = treatment.variance() / treatment.n();
        double se = Math.sqrt(a + b);
        if (se == 0) {
            return diff == 0
                    ? new Result(diff, 0.0, null, 1.0, new Interval(diff, diff))
                    : new Result(diff, null, null, null, null);
        }
        double t = diff / se;
        double df = (a + b) * (a + b) / (a * a / (control.n() - 1) + b * b / (treatment.n() - 1));
        double pValue = Tails.studentTwoSided(t, df);
        Interval ci = Interval.around(diff, Tails.studentCritical(alpha, df) * se);
        return new Result(Finite.orNull(diff), Finite.orNull(t), Finite.orNull(df), Finite.orNull(pValue), ci);
    }
}
