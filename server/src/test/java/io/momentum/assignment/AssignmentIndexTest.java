package io.momentum.assignment;

import static io.momentum.assignment.TestExperiments.allowingForcedVariants;
import static io.momentum.assignment.TestExperiments.inLayer;
import static io.momentum.assignment.TestExperiments.regex;
import static io.momentum.assignment.TestExperiments.running;
import static io.momentum.assignment.TestExperiments.snapshot;
import static io.momentum.assignment.TestExperiments.stoppedWithWinner;
import static io.momentum.assignment.TestExperiments.targetingUrls;
import static io.momentum.assignment.TestExperiments.targetingAttributes;
import static io.momentum.assignment.TestExperiments.visitor;
import static io.momentum.assignment.TestExperiments.withStage;
import static io.momentum.assignment.TestExperiments.withStatus;
import static io.momentum.assignment.TestExperiments.withWeights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.experiment.Experiment;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decision procedure of {@link AssignmentIndex}: status, filters, forced variants, broken experiments. */
class AssignmentIndexTest {

    private static AssignmentResult assign(AssignmentRequest request, Experiment... experiments) {
        return AssignmentIndex.compile(snapshot(1, experiments)).assign(request);
    }

    private static List<String> experimentIds(AssignmentResult result) {
        return result.assignments().stream().map(a -> a.experiment().id()).toList();
    }

    @Test
    void runningExperimentAssignsEveryoneWithFullCoverage() {
        AssignmentResult result = assign(AssignmentRequest.of(visitor("v-1")), running("hero"));
        assertEquals(1, result.assignments().size());
        assertEquals(Assignment.Source.BUCKETED, result.assignments().get(0).source());
        assertTrue(result.assignments().get(0).logsExposure());
    }

    /**
     * A bandit moved its weights from 50/50 to 95/5: visitors hashed into "control" before now hash into "v1",
     * unless they send back the variant they got ({@code keep}), which the bandit honours; fixed-weight experiments
     * ignore it (their hash never changes its answer).
     */
    @Test
    void aReturningVisitorKeepsTheirBanditVariantWhenTheWeightsChange() {
        Experiment before = bandit(withWeights(running("reward"), 0.5, 0.5));
        Experiment after = bandit(withWeights(running("reward"), 0.05, 0.95));
        String moved = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "v-" + i)
                .filter(v -> variantOf(assign(AssignmentRequest.of(visitor(v)), before)).equals("control"))
                .filter(v -> variantOf(assign(AssignmentRequest.of(visitor(v)), after)).equals("v1"))
                .findFirst().orElseThrow();
        assertEquals("control", variantOf(assign(AssignmentRequest.of(visitor(moved)).withKept("reward:control"), after)));
        assertEquals(Assignment.Source.BUCKETED, assign(AssignmentRequest.of(visitor(moved)).withKept("reward:control"), after)
                .assignments().get(0).source(), "still counted: it is the visitor's real assignment");
        assertEquals("v1", variantOf(assign(AssignmentRequest.of(visitor(moved)).withKept("reward:no-such-arm"), after)));
        Experiment fixed = withWeights(running("reward"), 0.05, 0.95);
        assertEquals("v1", variantOf(assign(AssignmentRequest.of(visitor(moved)).withKept("reward:control"), fixed)));
    }

    private static Experiment bandit(Experiment e) {
        return e.toBuilder().allocation(new io.momentum.experiment.Allocation(io.momentum.experiment.Allocation.Mode.BANDIT,
                java.time.Duration.ofHours(1), 0.05)).build();
    }

    private static String variantOf(AssignmentResult result) {
        return result.assignments().get(0).variant().key();
    }

    @Test
    void draftAndPausedExperimentsAssignNobody() {
        AssignmentResult result = assign(AssignmentRequest.of(visitor("v-1")),
                withStatus(running("draft"), Status.DRAFT), withStatus(running("paused"), Status.PAUSED));
        assertEquals(List.of(), result.assignments());
    }

    @Test
    void stoppedExperimentWithWinnerRollsTheWinnerOutToEveryoneWithoutExposures() {
        Experiment stopped = stoppedWithWinner(TestExperiments.withCoverage(running("hero"), 0.01), "treatment");
        AssignmentIndex index = AssignmentIndex.compile(snapshot(1, stopped));
        for (int i = 0; i < 1000; i++) {
            Assignment a = index.assign(AssignmentRequest.of(visitor("v-" + i))).assignments().get(0);
            assertEquals("treatment", a.variant().key());
            assertEquals(Assignment.Source.ROLLOUT, a.source());
            assertTrue(!a.logsExposure());
        }
    }

    @Test
    void stoppedExperimentWithoutWinnerAssignsNobody() {
        assertEquals(List.of(), assign(AssignmentRequest.of(visitor("v-1")), withStatus(running("hero"), Status.STOPPED)).assignments());
    }

    @Test
    void rolloutStillHonoursTargeting() {
        Experiment stopped = stoppedWithWinner(targetingUrls(running("hero"), "/pricing*"), "treatment");
        Visitor elsewhere = Visitor.of("v-1", "/blog/post", Map.of(), null);
        assertEquals(List.of(), assign(AssignmentRequest.of(elsewhere), stopped).assignments());
    }

    @Test
    void stageFilterKeepsOnlyThatStagesExperiments() {
        AssignmentResult result = assign(AssignmentRequest.of(visitor("v-1")).withStage(Stage.ADOPTION),
                running("hero"), withStage(running("upgrade-cta"), Stage.ADOPTION));
        assertEquals(List.of("upgrade-cta"), experimentIds(result));
    }

    @Test
    void experimentListKeepsOnlyListedExperimentsAndReportsUnknownOnes() {
        AssignmentResult result = assign(AssignmentRequest.of(visitor("v-1")).withExperiments(List.of("b", "nope", "also-nope")),
                running("a"), running("b"));
        assertEquals(List.of("b"), experimentIds(result));
        assertEquals(List.of("also-nope", "nope"), result.unknownExperiments());
    }

    @Test
    void aSignedForceAppliesWhenTheExperimentAllowsItAndIsNotCounted() {
        Experiment hero = allowingForcedVariants(withStatus(running("hero"), Status.DRAFT));
        ForcedVariant.Parsed signed = ForcedVariant.parse("hero:treatment.token").checked(force -> Optional.empty());
        AssignmentResult result = assign(AssignmentRequest.of(visitor("v-1")).withForces(signed, false), hero);
        Assignment a = result.assignments().get(0);
        assertEquals("treatment", a.variant().key());
        assertEquals(Assignment.Source.FORCED, a.source());
        assertTrue(!a.logsExposure());
    }

    @Test
    void aPlainForceNeedsTheServerSwitchEvenWhereTheExperimentAllowsForcing() {
        Experiment hero = allowingForcedVariants(withWeights(running("hero"), 1, 0));
        AssignmentResult result = assign(AssignmentRequest.of(visitor("v-1")).withForces("hero:v1", false), hero);
        assertEquals(Assignment.Source.BUCKETED, result.assignments().get(0).source());
        assertTrue(result.ignoredForces().get(0).reason().contains("signed QA links only"), result.ignoredForces().toString());
    }

    @Test
    void aForceWithABadTokenIsReportedNotApplied() {
        Experiment hero = allowingForcedVariants(withWeights(running("hero"), 1, 0));
        ForcedVariant.Parsed bad = ForcedVariant.parse("hero:v1.forged").checked(force -> Optional.of("the QA token is malformed"));
        AssignmentResult result = assign(AssignmentRequest.of(visitor("v-1")).withForces(bad, true), hero);
        assertEquals(Assignment.Source.BUCKETED, result.assignments().get(0).source(), "not even the server switch applies a bad token");
        assertEquals(List.of(new ForcedVariant.Ignored("hero:v1", "the QA token is malformed")), result.ignoredForces());
    }

    @Test
    void forcedVariantAppliesEverywhereWhenTheServerAllowsIt() {
        AssignmentResult result = assign(AssignmentRequest.of(visitor("v-1")).withForces("hero:control, cta:treatment", true),
                running("hero"), running("cta"));
        assertEquals(List.of("control", "treatment"), result.assignments().stream().map(a -> a.variant().key()).toList());
        assertEquals(List.of(), result.ignoredForces());
    }

    @Test
    void forcedVariantIsIgnoredAndReportedWhenNotAllowed() {
        Experiment hero = withWeights(running("hero"), 1, 0);
        AssignmentResult result = assign(AssignmentRequest.of(visitor("v-1")).withForces("hero:v1", false), hero);
        assertEquals("control", result.assignments().get(0).variant().key(), "normal assignment instead");
        assertEquals(Assignment.Source.BUCKETED, result.assignments().get(0).source());
        assertEquals(List.of(new ForcedVariant.Ignored("hero:v1", "forced variants are not allowed for this experiment")),
                result.ignoredForces());
    }

    @Test
    void forcesThatCannotApplyAreReportedWithTheReason() {
        AssignmentResult result = assign(AssignmentRequest.of(visitor("v-1")).withStage(Stage.ACTIVATION)
                        .withForces("hero:nope,ghost:a,garbage,cta:control", true),
                running("hero"), withStage(running("cta"), Stage.ADOPTION));
        assertEquals(List.of(
                new ForcedVariant.Ignored("garbage", "expected experiment:variant"),
                new ForcedVariant.Ignored("hero:nope", "unknown variant"),
                new ForcedVariant.Ignored("ghost:a", "unknown experiment"),
                new ForcedVariant.Ignored("cta:control", "experiment not requested")),
                result.ignoredForces().stream().sorted(java.util.Comparator.comparing(i -> order(i.force()))).toList());
    }

    private static int order(String force) {
        return List.of("garbage", "hero:nope", "ghost:a", "cta:control").indexOf(force);
    }

    @Test
    void brokenExperimentIsLeftOutAndReportedWithoutBreakingTheOthers() {
        Experiment badRegex = targetingAttributes(running("bad-regex"), regex("email", "(unclosed"));
        Experiment badWeights = withWeights(running("bad-weights"), 0, 0);
        AssignmentIndex index = AssignmentIndex.compile(snapshot(1, badRegex, running("fine"), badWeights));
        assertEquals(List.of("fine"), experimentIds(index.assign(AssignmentRequest.of(visitor("v-1")))));
        assertEquals(List.of("bad-regex", "bad-weights"), List.copyOf(new java.util.TreeSet<>(index.problems().keySet())));
        assertTrue(index.problems().get("bad-regex").contains("invalid regex"), index.problems().toString());
    }

    @Test
    void stoppedExperimentWithAnUnknownWinnerIsReportedAsBroken() {
        AssignmentIndex index = AssignmentIndex.compile(snapshot(1, stoppedWithWinner(running("hero"), "ghost")));
        assertTrue(index.problems().get("hero").contains("winner ghost"), index.problems().toString());
    }

    @Test
    void overlappingLayerSlotIsLeftOutSoNoVisitorIsInTwoExperiments() {
        AssignmentIndex index = AssignmentIndex.compile(snapshot(1,
                inLayer(running("first"), "hero", 0, 0.6), inLayer(running("second"), "hero", 0.5, 1)));
        assertTrue(index.problems().get("second").contains("overlaps experiment first"), index.problems().toString());
    }

    @Test
    void cacheCompilesOncePerSnapshotVersion() {
        AssignmentIndexCache cache = new AssignmentIndexCache();
        AssignmentIndex first = cache.indexFor(snapshot(7, running("hero")));
        assertSame(first, cache.indexFor(snapshot(7, running("hero"))));
        AssignmentIndex reloaded = cache.indexFor(snapshot(8, running("hero")));
        assertEquals(8, reloaded.version());
        assertSame(reloaded, cache.indexFor(snapshot(8, running("hero"))));
    }

    @Test
    void bucketVariantIgnoresTargetingStatusAndForcesButHonoursLayerAndCoverage() {
        Experiment paused = withStatus(targetingUrls(running("hero"), "/only-here"), Status.PAUSED);
        assertTrue(VariantAssigner.bucketVariant(paused, "v-1").isPresent());
        Experiment noCoverage = TestExperiments.withCoverage(running("hero"), 0);
        assertTrue(VariantAssigner.bucketVariant(noCoverage, "v-1").isEmpty());
        assertTrue(VariantAssigner.bucketVariant(withWeights(running("broken"), 0, 0), "v-1").isEmpty());
    }
}
