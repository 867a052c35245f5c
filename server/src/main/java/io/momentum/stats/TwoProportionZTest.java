package io.momentum.stats;

/**
 * Two-proportion z-test of treatment against control (DESIGN §6).
 *
 * <ul>
 *   <li>{@code diff = pB - pA}; {@code z = diff / SE_pooled} with
 *       {@code SE_pooled = sqrt(p(1-p)(1/nA + 1/nB))}, {@code p = (cA + cB)/(nA + nB)};
 *       z = 0 and p = 1 when the pooled SE is 0 (both arms at 0% or both at 100%).</li>
 *   <li>{@code p_value = 2 Φ(-|z|)} (two-sided), from the normal survival function.</li>
 *   <li>{@code ci_diff = diff ± z_{1-α/2} SE_unpooled}, {@code SE_unpooled = sqrt(pA(1-pA)/nA + pB(1-pB)/nB)}.</li>
 *   <li>{@code lift = pB/pA - 1}; delta-method CI {@code lift ± z_{1-α/2} sqrt(VarB/pA² + pB² VarA/pA⁴)}
 *       with {@code VarX = pX(1-pX)/nX}; lift and its CI are null when pA = 0.</li>
 *   <li>An empty arm makes every quantity null.</li>
 * </ul>
 */
public final class TwoProportionZTest {
    private TwoProportionZTest() {
    }

    /** The test's outcome; null marks an undefined quantity. */
    public record Result(Double diff, Double z, Double pValue, Interval ciDiff, Double lift, Interval ciLift) {
        static final Result UNDEFINED = new Result(null, null, null, null, null, null);
    }

    public static Result compare(Proportion control, Proportion treatment, double alpha) {
        Require.openUnit("alpha", alpha);
        if (control.isEmpty() || treatment.isEmpty()) {
            return Result.UNDEFINED;
        }
        double pA = control.rate();
        double pB = treatment.rate();
        double diff = pB - pA;
        double pooled = (double) (control.conversions() + treatment.conversions())
                / (control.visitors() + treatment.visitors());
        double sePooled = Math.sqrt(pooled * (1 - pooled) * (1.0 / control.visitors() + 1.0 / treatment.visitors()));
        double z = sePooled == 0 ? 0 : diff / sePooled;
        double pValue = sePooled == 0 ? 1 : Tails.normalTwoSided(z);
        double critical = Tails.normalCritical(alpha);
        double varA = control.varianceOfRate();
        double varB = treatment.varianceOfRate();
        Interval ciDiff = Interval.around(diff, critical * Math.sqrt(varA + varB));
        if (pA == 0) {
            return new Result(diff, z, pValue, ciDiff, null, null);
        }
        double lift = pB / pA - 1;
        double seLift = Math.sqrt(varB / (pA * pA) + pB * pB * varA / (pA * pA * pA * pA));
        return new Result(diff, z, pValue, ciDiff, lift, Interval.around(lift, critical * seLift));
    }
}
