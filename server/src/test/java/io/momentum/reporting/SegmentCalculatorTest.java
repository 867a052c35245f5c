package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.experiment.Experiment;
import io.momentum.stats.HolmBonferroni;
import io.momentum.stats.InteractionZTest;
import io.momentum.stats.Proportion;
import io.momentum.stats.TwoProportionZTest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentCalculatorTest {
    private static final Experiment EXPERIMENT = TestExperiments.landingPage("hero");
    private static final String GOAL = "trial_signup";

    private static VariantCounts arm(String key, long exposures, long converters) {
        return new VariantCounts(key, exposures, Map.of(GOAL, new GoalCounts(converters, converters, 0, 0)), null, 0);
    }

    private static ExperimentCounts counts(long controlN, long controlC, long benefitN, long benefitC) {
        return new ExperimentCounts("hero", List.of(arm("control", controlN, controlC), arm("benefit", benefitN, benefitC)));
    }

    /** Benefit helps every segment (+50 %) but paid_social, which it hurts (−50 %). */
    private static Map<String, ExperimentCounts> segments() {
        Map<String, ExperimentCounts> segments = new LinkedHashMap<>();
        segments.put("(other)", counts(1500, 150, 1500, 225));
        segments.put("paid_social", counts(1000, 100, 1000, 50));
        segments.put("email", counts(900, 90, 900, 135));
        segments.put("paid_search", counts(1100, 110, 1100, 165));
        return segments;
    }

    private static ExperimentCounts totals() {
        return counts(4500, 450, 4500, 575);
    }

    private SegmentResults compute() {
        ExperimentResults overall = new ResultsCalculator().compute(EXPERIMENT, TestExperiments.FLYWHEEL, totals(),
                ResultsCalculator.Context.fixed(EXPERIMENT, null, Instant.parse("2026-11-23T12:00:00Z")));
        return new SegmentCalculator().compute(EXPERIMENT, overall, totals(), "channel", segments());
    }

    @Test
    void sortsSegmentsByExposuresWithOtherLast() {
        assertEquals(List.of("paid_search", "paid_social", "email", "(other)"),
                compute().segments().stream().map(SegmentResults.Segment::value).toList());
    }

    @Test
    void adjustsEachVariantAndGoalAcrossTheSegmentsWithHolm() {
        SegmentResults r = compute();
        List<Double> raw = r.segments().stream().map(s -> s.variants().get(1).goals().get(GOAL).pValue()).toList();
        List<Double> adjusted = r.segments().stream().map(s -> s.variants().get(1).goals().get(GOAL).pValueAdjusted()).toList();
        assertEquals(HolmBonferroni.adjust(raw).adjusted(), adjusted);
        SegmentResults.SegmentGoal social = r.segments().get(1).variants().get(1).goals().get(GOAL);
        assertEquals(TwoProportionZTest.compare(new Proportion(1000, 100), new Proportion(1000, 50), 0.05).pValue(), social.pValue());
        assertEquals(-0.5, social.lift(), 1e-12);
    }

    @Test
    void namesTheSegmentWhereTheEffectDiffersInTheReasonsWithoutChangingTheDecision() {
        SegmentResults r = compute();
        assertEquals(List.of("paid_social"), r.heterogeneous().stream().map(SegmentResults.Heterogeneity::segment).toList());
        ExperimentResults overall = new ResultsCalculator().compute(EXPERIMENT, TestExperiments.FLYWHEEL, totals(),
                ResultsCalculator.Context.fixed(EXPERIMENT, null, Instant.parse("2026-11-23T12:00:00Z")));
        assertEquals(overall.decision().status(), r.results().decision().status());
        assertEquals(overall.decision().winner(), r.results().decision().winner());
        String last = r.results().decision().reasons().get(r.results().decision().reasons().size() - 1);
        assertTrue(last.startsWith("benefit's effect on trial_signup differs in channel paid_social (-50 % there vs +28 % overall"), last);
    }

    /** z and p from scipy 1.17: z = (dS - dR) / sqrt(sum of pX(1-pX)/nX), p = 2 * norm.sf(|z|). */
    @Test
    void interactionTestMatchesScipy() {
        InteractionZTest.Result r = InteractionZTest.compare(new Proportion(1000, 100), new Proportion(1000, 50),
                new Proportion(2000, 200), new Proportion(2000, 300));
        assertEquals(-6.37252987877166, r.z(), 1e-12);
        assertEquals(1.8593518025654248e-10, r.pValue(), 1e-20);
    }

    @Test
    void anEmptyArmIsNotEnoughData() {
        assertEquals(null, InteractionZTest.compare(new Proportion(0, 0), new Proportion(10, 1), new Proportion(10, 1),
                new Proportion(10, 1)).pValue());
    }
}
