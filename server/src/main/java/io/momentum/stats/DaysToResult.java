package io.momentum.stats;

/**
 * How long a test still has to run: the pooled {@link SampleSize} per arm minus the visitors each
 * arm already has, divided by the visitors each arm gets per day. {@code days} is rounded up;
 * null when the effect is zero or there is no traffic while visitors are still missing.
 */
public final class DaysToResult {
    private DaysToResult() {
    }

    /** Target, visitors still missing per arm, and days at current traffic. */
    public record Result(Long nPerArm, Long remainingPerArm, Long days, Double daysExact) {
    }

    public static Result estimate(Effect effect, double alpha, double power, boolean twoSided,
                                  long visitorsPerArm, double dailyVisitorsPerArm) {
        Require.nonNegative("visitors_per_arm", visitorsPerArm);
        Require.nonNegative("daily_visitors_per_arm", dailyVisitorsPerArm);
        Long target = SampleSize.perArm(effect, alpha, power, twoSided, SampleSize.Formula.POOLED).nPerArm();
        if (target == null) {
            return new Result(null, null, null, null);
        }
        long remaining = Math.max(0, target - visitorsPerArm);
        if (remaining == 0) {
            return new Result(target, 0L, 0L, 0.0);
        }
        if (dailyVisitorsPerArm == 0) {
            return new Result(target, remaining, null, null);
        }
        double days = remaining / dailyVisitorsPerArm;
        return new Result(target, remaining, (long) Math.ceil(days), days);
    }
}
