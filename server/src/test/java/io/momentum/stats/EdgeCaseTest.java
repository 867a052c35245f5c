package io.momentum.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Degenerate data is a result with nulls, never NaN, Infinity or an exception; invalid input is rejected by name. */
class EdgeCaseTest {
    private static final long[] SIZES = {0, 1, 2, 3, 100, 10_000_000, 1_000_000_000_000L};

    private static List<Proportion> edgeProportions() {
        List<Proportion> all = new ArrayList<>();
        for (long n : SIZES) {
            for (long c : new long[] {0, 1, n / 2, n - 1, n}) {
                if (c >= 0 && c <= n) {
                    all.add(new Proportion(n, c));
                }
            }
        }
        return all;
    }

    @Test
    void proportionTestsGiveFiniteOrNullValuesForEveryEdgeCombination() {
        for (Proportion a : edgeProportions()) {
            for (Proportion b : edgeProportions()) {
                String where = a + " vs " + b;
                assertJsonSafe(where, TwoProportionZTest.compare(a, b, 0.05));
                assertJsonSafe(where, MixtureSprt.test(a, b, 1e-4, 0));
                assertJsonSafe(where, ChiSquareIndependenceTest.test(List.of(a, b)));
                assertJsonSafe(where, SampleRatioMismatchTest.test(List.of(a.visitors(), b.visitors()), List.of(1.0, 1.0)));
            }
        }
    }

    @Test
    void bayesianComparisonCopesWithEmptyFullAndHugeArms() {
        BetaArm flat = new BetaArm(1, 1);
        for (Proportion a : List.of(new Proportion(0, 0), new Proportion(5, 5), new Proportion(10_000_000, 0),
                new Proportion(10_000_000, 10_000_000), new Proportion(10_000_000, 123_456))) {
            for (Proportion b : List.of(new Proportion(0, 0), new Proportion(3, 0), new Proportion(10_000_000, 123_999))) {
                BayesianBetaBinomial.Result result = BayesianBetaBinomial.compare(a, b, flat);
                assertJsonSafe(a + " vs " + b, result);
                assertTrue(result.probTreatmentBeatsControl() >= 0 && result.probTreatmentBeatsControl() <= 1);
            }
        }
    }

    @Test
    void welchCopesWithZeroVarianceAndTinyArms() {
        for (Moments a : List.of(new Moments(0, 0, 0), new Moments(1, 5, 25), new Moments(3, 15, 75), new Moments(10_000_000, 0, 0))) {
            for (Moments b : List.of(new Moments(0, 0, 0), new Moments(2, 3, 5), new Moments(4, 20, 100))) {
                assertJsonSafe(a + " vs " + b, WelchTTest.compare(a, b, 0.05));
            }
        }
    }

    @Test
    void powerAtTheExactPooledSampleSizeIsTheTarget() {
        Effect effect = new Effect(0.05, 0.2, Effect.Type.RELATIVE);
        double exact = SampleSize.perArm(effect, 0.05, 0.9, true, SampleSize.Formula.POOLED).nPerArmExact();
        long below = (long) Math.floor(exact);
        assertTrue(Power.of(effect, 0.05, true, below).power() < 0.9);
        assertTrue(Power.of(effect, 0.05, true, below + 1).power() >= 0.9);
    }

    @Test
    void alwaysValidPValuesNeverIncrease() {
        List<MixtureSprt.Look> looks = List.of(
                new MixtureSprt.Look(new Proportion(1000, 100), new Proportion(1000, 140)),
                new MixtureSprt.Look(new Proportion(2000, 200), new Proportion(2000, 205)),
                new MixtureSprt.Look(new Proportion(3000, 300), new Proportion(3000, 290)));
        List<Double> p = MixtureSprt.sequence(looks, 1e-3, 0).pValue();
        assertTrue(p.get(1) <= p.get(0) && p.get(2) <= p.get(1), p.toString());
        assertEquals(p.get(0), p.get(2), "evidence seen once is never forgotten");
    }

    @Test
    void rejectsInvalidInputNamingTheValue() {
        assertMessage("conversions (11) must not exceed visitors (10)", () -> new Proportion(10, 11));
        assertMessage("visitors must be >= 0, was -3", () -> new Proportion(-3, 0));
        assertMessage("alpha must be strictly between 0 and 1, was 0.0",
                () -> TwoProportionZTest.compare(new Proportion(1, 0), new Proportion(1, 0), 0));
        assertMessage("alpha must be strictly between 0 and 1, was NaN",
                () -> WelchTTest.compare(new Moments(2, 1, 1), new Moments(2, 1, 1), Double.NaN));
        assertMessage("p_values[1] must be between 0 and 1, was 1.5", () -> HolmBonferroni.adjust(List.of(0.1, 1.5)));
        assertMessage("tau2 must be a finite number > 0, was -1.0",
                () -> MixtureSprt.test(new Proportion(1, 0), new Proportion(1, 0), -1, 0));
        assertMessage("11 entries", () -> NetPromoterScore.compare(List.of(1L), List.of(1L), 0.05));
    }

    private static void assertMessage(String part, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
    }

    /** Every numeric component (also inside lists and intervals) is null or finite. */
    private static void assertJsonSafe(String where, Record result) {
        for (RecordComponent component : result.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(result);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            assertSafeValue(where + " " + component.getName(), value);
        }
    }

    private static void assertSafeValue(String where, Object value) {
        if (value instanceof Double d) {
            assertTrue(Double.isFinite(d), where + " = " + d);
        } else if (value instanceof Collection<?> values) {
            values.forEach(v -> assertSafeValue(where, v));
        } else if (value instanceof Record nested) {
            assertJsonSafe(where, nested);
        }
    }
}
