package io.momentum.assignment;

import static io.momentum.assignment.TestExperiments.inLayer;
import static io.momentum.assignment.TestExperiments.running;
import static io.momentum.assignment.TestExperiments.withCoverage;
import static io.momentum.assignment.TestExperiments.withVariants;
import static io.momentum.assignment.TestExperiments.withWeights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Variant;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The quality bars: balance, mutual exclusion in layers, stickiness, coverage only adding visitors. */
class AssignmentQualityTest {
    private static final int MILLION = 1_000_000;

    /** Synthetic visitor ids shaped like the ones sites send (a prefix and a counter). */
    private static String id(int i) {
        return "visitor-" + i;
    }

    private static long[] counts(Experiment experiment, int visitors) {
        VariantAssigner assigner = VariantAssigner.of(experiment);
        long[] counts = new long[experiment.variants().size()];
        for (int i = 0; i < visitors; i++) {
            int index = assigner.variantIndex(id(i));
            if (index >= 0) {
                counts[index]++;
            }
        }
        return counts;
    }

    @Test
    void fiftyFiftySplitOfAMillionVisitorsIsWithinPointThreePercentAndPassesSrm() {
        long[] counts = counts(running("pricing-hero-2026q4"), MILLION);
        double share = counts[0] / (double) MILLION;
        double p = new ChiSquareTest().chiSquareTest(new double[] {0.5, 0.5}, counts);
        System.out.printf("balance 50/50 over %,d ids: control %,d (%.4f%%), treatment %,d; SRM chi-square p = %.4f%n",
                MILLION, counts[0], share * 100, counts[1], p);
        assertEquals(0.5, share, 0.003);
        assertTrue(p > 0.001, "SRM check fired: p = " + p);
    }

    @ParameterizedTest(name = "{0}: weights {1}")
    @CsvSource(delimiter = ';', value = {
            "cta-upgrade;          10 90",
            "survey-style;         1 1 1",
            "reward-banner;        20 30 50",
            "onboarding-prompt;    40 20 20 20"})
    void unevenSplitsMatchTheirWeightsWithoutSrm(String id, String weightText) {
        double[] weights = java.util.Arrays.stream(weightText.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        long[] counts = counts(withWeights(running(id), weights), MILLION);
        double p = new ChiSquareTest().chiSquareTest(TrafficSplit.normalise(weights), counts);
        System.out.printf("balance %s over %,d ids: %s; SRM p = %.4f%n", weightText.trim(), MILLION, java.util.Arrays.toString(counts), p);
        assertTrue(p > 0.001, "SRM check fired: p = " + p);
    }

    @Test
    void noVisitorIsInTwoExperimentsOfOneLayer() {
        Experiment a = inLayer(running("hero-a"), "pricing-page", 0.0, 0.3);
        Experiment b = inLayer(running("hero-b"), "pricing-page", 0.3, 0.7);
        Experiment c = inLayer(running("hero-c"), "pricing-page", 0.7, 1.0);
        AssignmentIndex index = AssignmentIndex.compile(TestExperiments.snapshot(1, a, b, c));
        int[] inCount = new int[4];
        for (int i = 0; i < 200_000; i++) {
            int n = index.assign(AssignmentRequest.of(TestExperiments.visitor(id(i)))).assignments().size();
            inCount[n]++;
        }
        System.out.printf("layer of 3 experiments, 200,000 ids: in 0 = %d, in 1 = %,d, in 2+ = %d%n",
                inCount[0], inCount[1], inCount[2] + inCount[3]);
        assertEquals(0, inCount[2] + inCount[3], "visitors in two experiments of one layer");
        assertEquals(200_000, inCount[1], "a layer split over [0, 1) puts everyone in exactly one experiment");
    }

    @Test
    void layerSlotsGetTrafficInProportionToTheirWidth() {
        long[] a = counts(inLayer(running("hero-a"), "pricing-page", 0.0, 0.2), MILLION);
        double share = (a[0] + a[1]) / (double) MILLION;
        System.out.printf("layer slot [0, 0.2) over %,d ids: share %.4f%n", MILLION, share);
        assertEquals(0.2, share, 0.003);
    }

    @Test
    void sameVisitorGetsSameVariantOnEveryCallAndAfterARecompile() {
        Experiment e = withWeights(running("sticky"), 1, 1, 1);
        AssignmentIndex first = AssignmentIndex.compile(TestExperiments.snapshot(1, e));
        AssignmentIndex restarted = AssignmentIndex.compile(TestExperiments.snapshot(2, e));
        for (int i = 0; i < 10_000; i++) {
            Visitor visitor = TestExperiments.visitor(id(i));
            String once = variantOf(first, visitor);
            assertEquals(once, variantOf(first, visitor));
            assertEquals(once, variantOf(restarted, visitor));
        }
    }

    @Test
    void weightPreservingEditsKeepEveryVisitorInTheirVariant() {
        Experiment before = running("hero");
        Experiment renamedWithNewPayloads = withVariants(before.toBuilder().name("A new name").hypothesis("new hypothesis").build(),
                new Variant("control", 1, JsonNodeFactory.instance.objectNode().put("headline", "edited")),
                new Variant("treatment", 1, JsonNodeFactory.instance.objectNode().put("headline", "also edited")));
        VariantAssigner old = VariantAssigner.of(before);
        VariantAssigner edited = VariantAssigner.of(renamedWithNewPayloads);
        for (int i = 0; i < 100_000; i++) {
            assertEquals(old.variantIndex(id(i)), edited.variantIndex(id(i)), id(i));
        }
    }

    @Test
    void raisingCoverageOnlyAddsVisitors() {
        VariantAssigner narrow = VariantAssigner.of(withCoverage(withWeights(running("reward"), 20, 30, 50), 0.3));
        VariantAssigner wide = VariantAssigner.of(withCoverage(withWeights(running("reward"), 20, 30, 50), 0.6));
        int before = 0;
        int after = 0;
        for (int i = 0; i < 200_000; i++) {
            int was = narrow.variantIndex(id(i));
            int now = wide.variantIndex(id(i));
            if (was >= 0) {
                before++;
                assertEquals(was, now, "coverage moved " + id(i));
            }
            after += now >= 0 ? 1 : 0;
        }
        System.out.printf("coverage 0.3 -> 0.6 over 200,000 ids: %,d -> %,d visitors, none moved%n", before, after);
        assertEquals(0.3, before / 200_000.0, 0.005);
        assertEquals(0.6, after / 200_000.0, 0.005);
    }

    private static String variantOf(AssignmentIndex index, Visitor visitor) {
        return index.assign(AssignmentRequest.of(visitor)).assignments().get(0).variant().key();
    }
}
