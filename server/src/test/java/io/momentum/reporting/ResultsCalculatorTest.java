package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.experiment.Analysis;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.GoalRole;
import io.momentum.experiment.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultsCalculatorTest {
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private final ResultsCalculator calculator = new ResultsCalculator();

    private ExperimentResults results(Experiment experiment, VariantCounts... arms) {
        return calculator.compute(experiment, TestExperiments.FLYWHEEL, new ExperimentCounts(experiment.id(), List.of(arms)),
                ResultsCalculator.Context.fixed(experiment, 1000.0, NOW));
    }

    private static VariantCounts arm(String key, long exposures, long signups, long unsubscribes, long adopted) {
        return new VariantCounts(key, exposures, Map.of(
                "trial_signup", new GoalCounts(signups, signups, 0, 0),
                "unsubscribe", new GoalCounts(unsubscribes, unsubscribes, 0, 0),
                "feature_used", new GoalCounts(adopted, adopted, 0, 0)), null, 0);
    }

    @Test
    void picksAPlantedWinner() {
        ExperimentResults r = results(TestExperiments.landingPage("planted"),
                arm("control", 30_000, 3_000, 150, 1_200), arm("benefit", 30_000, 3_900, 150, 1_200));
        assertEquals(DecisionStatus.WINNER, r.decision().status(), r.decision().reasons().toString());
        assertEquals("benefit", r.decision().winner());
        assertEquals(0.3, r.variant("benefit").orElseThrow().goals().get("trial_signup").comparison().lift(), 1e-9);
    }

    @Test
    void aQuickPrimaryWinWaitsUntilItsGuardrailIsShownWithinItsMargin() {
        ExperimentResults r = results(TestExperiments.landingPage("quick"),
                arm("control", 10_000, 1_000, 50, 400), arm("benefit", 10_000, 1_300, 50, 400));
        assertEquals(DecisionStatus.NO_DIFFERENCE_YET, r.decision().status(), r.decision().reasons().toString());
        assertTrue(r.decision().reasons().get(1).startsWith("guardrail unsubscribe is not yet shown to stay within its margin"),
                r.decision().reasons().toString());
        assertEquals(Boolean.FALSE, r.variant("benefit").orElseThrow().goals().get("unsubscribe").comparison().nonInferior());
    }

    @Test
    void theSequentialIntervalIsTheAlwaysValidOneAndAgreesWithTheAdjustedPValue() {
        for (long treated : new long[] {1_000, 1_060, 1_080, 1_100, 1_150, 1_300}) {
            ExperimentResults r = results(TestExperiments.landingPage("agree"),
                    arm("control", 10_000, 1_000, 50, 400), arm("benefit", 10_000, treated, 50, 400));
            var c = r.variant("benefit").orElseThrow().goals().get("trial_signup").comparison();
            boolean excludesZero = c.difference().ciLift().get(0) > 0 || c.difference().ciLift().get(1) < 0;
            assertEquals(c.pValueAdjusted() < 0.05, excludesZero, "treated " + treated + ": " + c);
            assertTrue(c.difference().ciDiff().get(1) - c.difference().ciDiff().get(0)
                    > c.difference().ciDiffFixed().get(1) - c.difference().ciDiffFixed().get(0), "always-valid is wider");
        }
    }

    @Test
    void onlyThePrimaryGoalsComparisonsFormTheDecisionsFamily() {
        ExperimentResults r = results(TestExperiments.landingPage("family"),
                arm("control", 10_000, 1_000, 50, 400), arm("benefit", 10_000, 1_100, 50, 400));
        var goals = r.variant("benefit").orElseThrow().goals();
        assertEquals(goals.get("trial_signup").comparison().pValue(), goals.get("trial_signup").comparison().pValueAdjusted(),
                "one primary comparison: nothing to correct");
        assertNull(goals.get("unsubscribe").comparison().pValueAdjusted(), "guardrails are in no family");
        assertNull(goals.get("feature_used").comparison().pValueAdjusted(), "downstream goals are in no family");
    }

    @Test
    void theSequentialPValueIsTheRunningMinimumAndADeclaredWinnerStays() {
        Experiment e = TestExperiments.landingPage("latched");
        ExperimentResults early = results(e, arm("control", 30_000, 3_000, 150, 1_200), arm("benefit", 30_000, 3_900, 150, 1_200));
        assertEquals(DecisionStatus.WINNER, early.decision().status());
        Look look = ResultsCalculator.look(early, io.momentum.experiment.GoalPlan.of(e, TestExperiments.FLYWHEEL));
        ExperimentResults later = calculator.compute(e, TestExperiments.FLYWHEEL, new ExperimentCounts(e.id(), List.of(
                        arm("control", 40_000, 4_000, 200, 1_600), arm("benefit", 40_000, 4_100, 200, 1_600))),
                ResultsCalculator.Context.fixed(e, 1000.0, NOW).withLooks(List.of(look)));
        var c = later.variant("benefit").orElseThrow().goals().get("trial_signup").comparison();
        assertEquals(early.variant("benefit").orElseThrow().goals().get("trial_signup").comparison().pValue(), c.pValue());
        assertEquals(DecisionStatus.WINNER, later.decision().status(), later.decision().reasons().toString());
        assertEquals("benefit", later.decision().winner());
    }

    @Test
    void aDeclaredWinnerIsTakenBackWhenAGuardrailShowsHarmLater() {
        Experiment e = TestExperiments.landingPage("harm-later");
        ExperimentResults early = results(e, arm("control", 30_000, 3_000, 150, 1_200), arm("benefit", 30_000, 3_900, 150, 1_200));
        Look look = ResultsCalculator.look(early, io.momentum.experiment.GoalPlan.of(e, TestExperiments.FLYWHEEL));
        ExperimentResults later = calculator.compute(e, TestExperiments.FLYWHEEL, new ExperimentCounts(e.id(), List.of(
                        arm("control", 40_000, 4_000, 200, 1_600), arm("benefit", 40_000, 5_200, 400, 1_600))),
                ResultsCalculator.Context.fixed(e, 1000.0, NOW).withLooks(List.of(look)));
        assertEquals(DecisionStatus.GUARDRAIL_VIOLATED, later.decision().status(), later.decision().reasons().toString());
        assertTrue(later.decision().reasons().get(0).contains("declared the winner at an earlier look, but harm has appeared"));
    }

    @Test
    void anAaExperimentHasNoWinner() {
        ExperimentResults r = results(TestExperiments.landingPage("aa"),
                arm("control", 10_000, 1_000, 50, 400), arm("benefit", 10_000, 1_010, 50, 400));
        assertEquals(DecisionStatus.NO_DIFFERENCE_YET, r.decision().status());
        assertNull(r.decision().winner());
    }

    @Test
    void saysHowManyMoreVisitorsAreNeeded() {
        ExperimentResults r = results(TestExperiments.landingPage("young"),
                arm("control", 100, 10, 0, 4), arm("benefit", 120, 30, 0, 4));
        assertEquals(DecisionStatus.NO_DIFFERENCE_YET, r.decision().status());
        assertEquals(400, r.sample().moreVisitorsPerVariant());
        assertEquals("needs ~400 more visitors per variant (less than a day)", r.decision().reasons().get(0));
    }

    @Test
    void detectsSampleRatioMismatch() {
        ExperimentResults r = results(TestExperiments.landingPage("srm"),
                arm("control", 10_000, 1_000, 50, 400), arm("benefit", 9_000, 1_300, 50, 400));
        assertTrue(r.srm().detected());
        assertEquals(DecisionStatus.SRM_DETECTED, r.decision().status());
    }

    @Test
    void aGuardrailViolationBlocksTheWinner() {
        ExperimentResults r = results(TestExperiments.landingPage("guardrail"),
                arm("control", 10_000, 1_000, 50, 400), arm("benefit", 10_000, 1_300, 150, 400));
        assertEquals(DecisionStatus.GUARDRAIL_VIOLATED, r.decision().status(), r.decision().reasons().toString());
        assertNull(r.decision().winner());
        assertTrue(r.decision().reasons().get(1).contains("guardrail unsubscribe"), r.decision().reasons().toString());
    }

    @Test
    void downstreamHarmBlocksTheWinner() {
        ExperimentResults r = results(TestExperiments.landingPage("downstream"),
                arm("control", 10_000, 1_000, 50, 400), arm("benefit", 10_000, 1_300, 50, 250));
        assertEquals(DecisionStatus.DOWNSTREAM_HARM, r.decision().status(), r.decision().reasons().toString());
        assertTrue(r.decision().reasons().get(1).contains("adoption stage (feature_used)"), r.decision().reasons().toString());
        assertEquals(GoalRole.DOWNSTREAM, r.variant("benefit").orElseThrow().goals().get("feature_used").role());
    }

    @Test
    void aStoppedExperimentSaysStoppedWithItsRolledOutWinner() {
        Experiment e = TestExperiments.landingPage("stopped", Status.STOPPED, Analysis.DEFAULTS);
        Experiment stopped = e.toBuilder().winner("benefit").build();
        ExperimentResults r = results(stopped, arm("control", 10_000, 1_000, 50, 400), arm("benefit", 10_000, 1_300, 50, 400));
        assertEquals(DecisionStatus.STOPPED, r.decision().status());
        assertEquals("benefit", r.decision().winner());
    }

    @Test
    void fixedHorizonWaitsForThePlannedSampleSize() {
        Analysis fixed = new Analysis(Analysis.Method.FIXED, 0.05, 0.8, 0.10, 500, Analysis.Correction.HOLM);
        ExperimentResults r = results(TestExperiments.landingPage("fixed", Status.RUNNING, fixed),
                arm("control", 5_000, 500, 25, 200), arm("benefit", 5_000, 650, 25, 200));
        assertEquals(14_751L, /* pooled formula, see stats.SampleSize */ r.sample().sampleSizePerVariant());
        assertEquals(DecisionStatus.NO_DIFFERENCE_YET, r.decision().status());
        assertEquals("needs ~9,750 more visitors per variant (about 20 days)", r.decision().reasons().get(0));
    }

    @Test
    void surveyExperimentsReportResponseRateAndNpsWithItsDifferenceTest() {
        Experiment survey = TestExperiments.experiment("nps", "nps", io.momentum.experiment.Stage.ADORATION,
                io.momentum.experiment.Kind.SURVEY, Status.RUNNING, List.of("one-click", "detailed"),
                new io.momentum.experiment.Goals(new io.momentum.experiment.Goal("survey", io.momentum.experiment.Goal.Metric.NPS),
                        List.of(), List.of()), Analysis.DEFAULTS, io.momentum.experiment.Allocation.FIXED, Optional.empty());
        long[] oneClick = {0, 0, 0, 0, 0, 0, 100, 100, 100, 100, 100};
        long[] detailed = {0, 0, 0, 0, 0, 0, 50, 50, 50, 50, 0};
        ExperimentResults r = results(survey, new VariantCounts("one-click", 1000, Map.of(), oneClick, 0),
                new VariantCounts("detailed", 1000, Map.of(), detailed, 0));
        ExperimentResults.SurveyResult control = r.variant("one-click").orElseThrow().survey();
        ExperimentResults.SurveyResult treatment = r.variant("detailed").orElseThrow().survey();
        assertEquals(0.5, control.responseRate(), 1e-12);
        assertEquals(20.0, control.nps(), 1e-9, "40% promoters - 20% detractors");
        assertEquals(0.2, treatment.responseRate(), 1e-12);
        assertEquals(0.0, treatment.nps(), 1e-9);
        assertEquals(-20.0, treatment.diff(), 1e-9, "among responders");
        assertEquals(-10.0, r.variant("detailed").orElseThrow().goals().get("survey").comparison().diff(), 1e-9,
                "over all exposed: (200 - 100) / 1000 against (100 - 100) / 1000");
        assertEquals(-0.3, treatment.responseRateDiff(), 1e-12, "the response rate is compared as a result of its own");
        assertTrue(treatment.responseRatePValue() < 0.001);
        assertEquals(Boolean.TRUE, treatment.responseRatesDiffer());
    }

    /**
     * The detailed form is answered only by delighted visitors: among responders its NPS is +100 against +20, but over
     * everyone it was shown to it makes no difference (+10 both), so it must not win.
     */
    @Test
    void npsIsComparedOverAllExposedSoAFormOnlyHappyVisitorsAnswerDoesNotWin() {
        Experiment survey = TestExperiments.experiment("nps", "nps", io.momentum.experiment.Stage.ADORATION,
                io.momentum.experiment.Kind.SURVEY, Status.RUNNING, List.of("one-click", "detailed"),
                new io.momentum.experiment.Goals(new io.momentum.experiment.Goal("survey", io.momentum.experiment.Goal.Metric.NPS),
                        List.of(), List.of()), Analysis.DEFAULTS, io.momentum.experiment.Allocation.FIXED, Optional.empty());
        long[] oneClick = {0, 0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000};
        long[] detailed = {0, 0, 0, 0, 0, 0, 0, 0, 0, 500, 500};
        ExperimentResults r = results(survey, new VariantCounts("one-click", 10_000, Map.of(), oneClick, 0),
                new VariantCounts("detailed", 10_000, Map.of(), detailed, 0));
        ExperimentResults.SurveyResult responders = r.variant("detailed").orElseThrow().survey();
        assertEquals(80.0, responders.diff(), 1e-9);
        assertTrue(responders.pValue() < 1e-6, "among responders the form looks far better");
        ExperimentResults.Comparison exposed = r.variant("detailed").orElseThrow().goals().get("survey").comparison();
        assertEquals(0.0, exposed.diff(), 1e-9);
        assertEquals(Verdict.INCONCLUSIVE, r.variant("detailed").orElseThrow().goals().get("survey").verdict());
        assertEquals(DecisionStatus.NO_DIFFERENCE_YET, r.decision().status(), r.decision().reasons().toString());
        assertEquals(Boolean.TRUE, responders.responseRatesDiffer());
    }

    @Test
    void twoCandidatesThatCannotBeSeparatedAreNamedInTheReasons() {
        Experiment three = TestExperiments.experiment("three", "three", io.momentum.experiment.Stage.ACTIVATION,
                io.momentum.experiment.Kind.LANDING_PAGE, Status.RUNNING, List.of("control", "benefit", "social"),
                new io.momentum.experiment.Goals(new io.momentum.experiment.Goal("trial_signup", io.momentum.experiment.Goal.Metric.CONVERSION),
                        List.of(), List.of()), Analysis.DEFAULTS, io.momentum.experiment.Allocation.FIXED, Optional.empty());
        ExperimentResults r = results(three, arm("control", 30_000, 3_000, 0, 1_200), arm("benefit", 30_000, 3_900, 0, 1_200),
                arm("social", 30_000, 3_850, 0, 1_200));
        assertEquals(DecisionStatus.WINNER, r.decision().status(), r.decision().reasons().toString());
        assertEquals("benefit", r.decision().winner());
        assertTrue(r.decision().reasons().stream().anyMatch(s -> s.startsWith("benefit and social both beat the control but cannot be separated")),
                r.decision().reasons().toString());
    }
}
