package io.momentum.stats;

/**
 * Does a treatment's effect in one segment differ from its effect in the rest of the visitors? A z-test of the
 * difference of two independent rate differences (segment vs complement, so the two are independent):
 * {@code z = (dS - dR) / sqrt(VarAS + VarBS + VarAR + VarBR)} with {@code VarX = pX(1-pX)/nX},
 * {@code p = 2 Φ(-|z|)}. Any empty arm, or no variance at all, gives a null p-value ("not enough data").
 */
public final class InteractionZTest {
    private InteractionZTest() {
    }

    /** The test's outcome; null marks an undefined quantity. */
    public record Result(Double differenceOfDifferences, Double z, Double pValue) {
        static final Result UNDEFINED = new Result(null, null, null);
    }

    public static Result compare(Proportion segmentControl, Proportion segmentTreatment, Proportion restControl,
                                 Proportion restTreatment) {
        if (segmentControl.isEmpty() || segmentTreatment.isEmpty() || restControl.isEmpty() || restTreatment.isEmpty()) {
            return Result.UNDEFINED;
        }
        double inSegment = segmentTreatment.rate() - segmentControl.rate();
        double inRest = restTreatment.rate() - restControl.rate();
        double variance = segmentControl.varianceOfRate() + segmentTreatment.varianceOfRate()
                + restControl.varianceOfRate() + restTreatment.varianceOfRate();
        if (variance == 0) {
            return new Result(inSegment - inRest, null, null);
        }
        double z = (inSegment - inRest) / Math.sqrt(variance);
        return new Result(inSegment - inRest, z, Tails.normalTwoSided(z));
    }
}
