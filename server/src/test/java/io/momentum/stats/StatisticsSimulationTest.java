package io.momentum.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Simulates experiments with known truth and checks the error rates of the tests themselves.
 * Seeded, so every run sees the same data; tolerances are about 3.5 binomial standard errors
 * of the measured rate, sqrt(r(1 - r)/simulations).
 */
class StatisticsSimulationTest {
    private static final double ALPHA = 0.05;
    private static final double BASELINE = 0.10;
    private static final int SIMULATIONS = 2000;

    @Test
    void aaFixedHorizonZTestRejectsAboutAlphaOfTheTime() {
        SplittableRandom random = new SplittableRandom(7);
        int visitors = 2000;
        int rejections = 0;
        for (int s = 0; s < SIMULATIONS; s++) {
            Proportion a = draw(random, visitors, BASELINE);
            Proportion b = draw(random, visitors, BASELINE);
            rejections += TwoProportionZTest.compare(a, b, ALPHA).pValue() < ALPHA ? 1 : 0;
        }
        double rate = (double) rejections / SIMULATIONS;
        System.out.printf("A/A fixed-horizon z-test: false-positive rate %.4f (alpha %.2f, %d simulations)%n", rate, ALPHA, SIMULATIONS);
        assertTrue(Math.abs(rate - ALPHA) <= noise(ALPHA), "false-positive rate " + rate);
    }

    @Test
    void aaMixtureSprtWithALookEvery100VisitorsStaysBelowAlpha() {
        SplittableRandom random = new SplittableRandom(11);
        int looks = 100;
        int visitorsPerLook = 100;
        int msprtRejections = 0;
        int peekingZRejections = 0;
        for (int s = 0; s < SIMULATIONS; s++) {
            List<MixtureSprt.Look> history = new ArrayList<>(looks);
            long ca = 0;
            long cb = 0;
            boolean zEverSignificant = false;
            for (int look = 1; look <= looks; look++) {
                ca += draw(random, visitorsPerLook, BASELINE).conversions();
                cb += draw(random, visitorsPerLook, BASELINE).conversions();
                Proportion a = new Proportion((long) look * visitorsPerLook, ca);
                Proportion b = new Proportion((long) look * visitorsPerLook, cb);
                history.add(new MixtureSprt.Look(a, b));
                zEverSignificant |= TwoProportionZTest.compare(a, b, ALPHA).pValue() < ALPHA;
            }
            List<Double> p = MixtureSprt.sequence(history, 1e-4, 0).pValue();
            msprtRejections += p.get(p.size() - 1) < ALPHA ? 1 : 0;
            peekingZRejections += zEverSignificant ? 1 : 0;
        }
        double rate = (double) msprtRejections / SIMULATIONS;
        double peeking = (double) peekingZRejections / SIMULATIONS;
        System.out.printf("A/A with %d looks of %d visitors per arm: mSPRT (tau2 1e-4) false-positive rate %.4f; "
                + "fixed z-test peeked at every look %.4f%n", looks, visitorsPerLook, rate, peeking);
        assertTrue(rate <= ALPHA + noise(ALPHA), "always-valid false-positive rate " + rate);
        assertTrue(peeking > 2 * ALPHA, "peeking at a fixed-horizon test should inflate errors, was " + peeking);
    }

    @Test
    void plantedTenPercentLiftIsFoundWithTheTargetPowerAtTheComputedSampleSize() {
        Effect effect = new Effect(BASELINE, 0.10, Effect.Type.RELATIVE);
        long n = SampleSize.perArm(effect, ALPHA, 0.8, true, SampleSize.Formula.POOLED).nPerArm();
        SplittableRandom random = new SplittableRandom(13);
        int detections = 0;
        for (int s = 0; s < SIMULATIONS; s++) {
            Proportion a = draw(random, n, BASELINE);
            Proportion b = draw(random, n, effect.treatmentRate());
            detections += TwoProportionZTest.compare(a, b, ALPHA).pValue() < ALPHA ? 1 : 0;
        }
        double power = (double) detections / SIMULATIONS;
        System.out.printf("planted +10%% relative lift on 10%% at n = %d per arm (pooled): power %.4f (target 0.80)%n", n, power);
        assertTrue(Math.abs(power - 0.8) <= noise(0.8), "power " + power);
    }

    private static Proportion draw(SplittableRandom random, long visitors, double rate) {
        long conversions = 0;
        for (long i = 0; i < visitors; i++) {
            conversions += random.nextDouble() < rate ? 1 : 0;
        }
        return new Proportion(visitors, conversions);
    }

    private static double noise(double rate) {
        return 3.5 * Math.sqrt(rate * (1 - rate) / SIMULATIONS);
    }
}
