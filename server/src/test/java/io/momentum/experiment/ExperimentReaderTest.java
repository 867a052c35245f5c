package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.experiment.AttributeCondition.Operator;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReaderTest {
    static final String MINIMAL = """
            id: minimal
            name: Minimal
            stage: activation
            kind: landing_page
            status: running
            variants:
              - { key: control }
              - { key: benefit }
            goals:
              primary: { event: trial_signup }
            """;

    @TempDir
    Path tmp;

    private static Experiment valid(String yaml) {
        ExperimentFile read = ExperimentReader.read(yaml, "test.yaml");
        assertEquals(List.of(), read.problems());
        return read.experiment().orElseThrow();
    }

    private static List<String> problems(String yaml) {
        return ExperimentReader.read(yaml, "test.yaml").problems().stream()
                .map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    @Test
    void readsAServerOnlyGoalAndRefusesOneTheBrowserSends() {
        Experiment e = valid(MINIMAL.replace("primary: { event: trial_signup }", "primary: { event: purchase, source: server }"));
        assertEquals(Goal.Source.SERVER, e.goals().primary().source());
        assertEquals(Goal.Source.ANY, valid(MINIMAL).goals().primary().source());
        assertEquals(List.of("10:39: goals.primary.source must be one of any, server, found \"backend\""),
                problems(MINIMAL.replace("primary: { event: trial_signup }", "primary: { event: purchase, source: backend }")));
        assertTrue(problems(MINIMAL.replace("primary: { event: trial_signup }", "primary: { event: referral, source: server }"))
                .get(0).contains("server is not possible for referral"));
    }

    @Test
    void fillsDefaultsForAbsentFields() {
        Experiment e = valid(MINIMAL);
        assertEquals(1.0, e.coverage());
        assertEquals(Analysis.DEFAULTS, e.analysis());
        assertEquals(Allocation.FIXED, e.allocation());
        assertEquals(Targeting.EVERYONE, e.targeting());
        assertEquals("minimal", e.seed());
        assertEquals(Optional.empty(), e.layer());
        assertFalse(e.allowForcedVariants());
        assertEquals(List.of(1.0, 1.0), e.variants().stream().map(Variant::weight).toList());
        assertEquals("{}", e.control().payload().toString());
        assertEquals("test.yaml", e.source());
    }

    @Test
    void readsTheHeroExampleIntoTheModel() {
        Path file = ExampleExperimentsTest.EXAMPLES.resolve("pricing-hero.yaml");
        Experiment e = ExperimentReader.read(file, file.toString()).experiment().orElseThrow();
        assertEquals("pricing-hero-2026q4", e.id());
        assertEquals(Stage.ACTIVATION, e.stage());
        assertEquals(Kind.LANDING_PAGE, e.kind());
        assertEquals(Status.RUNNING, e.status());
        assertEquals(Optional.of(new Layer("pricing-page", 0, 0.5)), e.layer());
        assertEquals(List.of("/pricing*"), e.targeting().urlPatterns());
        assertEquals(List.of(AttributeCondition.ofValues("country", Operator.IN, List.of("US", "CA", "GB"))),
                e.targeting().attributes());
        assertEquals(Set.of("desktop", "mobile", "tablet"), e.targeting().devices());
        assertEquals("Grow faster, pay less", e.variant("benefit").orElseThrow().payload().get("headline").asText());
        assertEquals(new Goal("trial_signup", Goal.Metric.CONVERSION), e.goals().primary());
        assertEquals(List.of(new Goal("first_purchase", Goal.Metric.REVENUE)), e.goals().secondary());
        assertEquals(List.of(new Guardrail("unsubscribe", Goal.Metric.CONVERSION, Guardrail.Direction.INCREASE)), e.goals().guardrails());
        assertTrue(e.allowForcedVariants());
        assertEquals(Optional.of(Instant.parse("2026-11-01T00:00:00Z")), e.start());
    }

    @Test
    void readsEveryAttributeOperator() {
        Experiment e = valid(MINIMAL + """
                targeting:
                  attributes:
                    plan: pro
                    visits: { gte: 3, lt: 10 }
                    browser: { not_in: [ie] }
                    email: { regex: "@acme\\\\.com$" }
                    tier: { equals: gold, in: [gold, platinum] }
                """);
        assertEquals(List.of(
                AttributeCondition.ofValues("plan", Operator.EQUALS, List.of("pro")),
                AttributeCondition.ofNumber("visits", Operator.GTE, 3.0),
                AttributeCondition.ofNumber("visits", Operator.LT, 10.0),
                AttributeCondition.ofValues("browser", Operator.NOT_IN, List.of("ie")),
                AttributeCondition.ofPattern("email", "@acme\\.com$"),
                AttributeCondition.ofValues("tier", Operator.EQUALS, List.of("gold")),
                AttributeCondition.ofValues("tier", Operator.IN, List.of("gold", "platinum"))), e.targeting().attributes());
    }

    @Test
    void keepsNorwayAsTextNotFalse() {
        Experiment e = valid(MINIMAL + "targeting: { attributes: { country: [NO, SE] } }\n");
        assertEquals(List.of("NO", "SE"), e.targeting().attributes().get(0).values());
    }

    @Test
    void readsABareLayerNameAsTheWholeRange() {
        assertEquals(Optional.of(new Layer("pricing-page", 0, 1)), valid(MINIMAL + "layer: pricing-page\n").layer());
    }

    @Test
    void readsBanditAllocationOfARewardExperiment() {
        Experiment e = valid(MINIMAL.replace("activation", "advocacy").replace("landing_page", "reward")
                + "allocation: { mode: bandit, interval: 30m, floor: 0.1 }\n");
        assertEquals(new Allocation(Allocation.Mode.BANDIT, Duration.ofMinutes(30), 0.1), e.allocation());
    }

    @Test
    void readsAStoppedExperimentWithItsWinner() {
        Experiment e = valid(MINIMAL.replace("status: running", "status: stopped") + "winner: benefit\n");
        assertEquals(Optional.of("benefit"), e.winner());
    }

    @Test
    void readsADateAsMidnightUtc() {
        assertEquals(Optional.of(Instant.parse("2026-12-31T00:00:00Z")), valid(MINIMAL + "end: 2026-12-31\n").end());
    }

    @Test
    void rejectsOverlongFilesFromTheirSizeAlone() throws IOException {
        Path big = tmp.resolve("big.yaml");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(10L * 1024 * 1024); // sparse: 10 MB of nothing, as fast to reject as it must be
        }
        long started = System.nanoTime();
        ExperimentFile read = ExperimentReader.read(big, "big.yaml");
        long micros = (System.nanoTime() - started) / 1000;
        System.out.println("10 MB file rejected in " + micros + " us");
        assertEquals(List.of(new LoadProblem("big.yaml", 1, 1, "file is 10.0 MB; experiment files are limited to 1 MB")), read.problems());
    }

    @Test
    void rejectsBinaryFilesThatAreNotUtf8() throws IOException {
        Path binary = tmp.resolve("logo.yaml");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, (byte) 0xff, 0});
        assertEquals(List.of("file is not a text file (it is not UTF-8); save it as UTF-8 YAML"),
                ExperimentReader.read(binary, "logo.yaml").problems().stream().map(LoadProblem::message).toList());
    }

    @Test
    void rejectsControlCharactersWithTheirPosition() {
        assertEquals(List.of("2:5: file contains the control character U+0007, which YAML does not allow; is this a text file?"),
                problems("id: x\nname\u0007: y\n"));
    }

    @Test
    void reportsATopLevelListAsNotAnExperiment() {
        assertEquals(List.of("1:1: the file must be a map of fields (id, name, stage, kind, ...), found a list"), problems("- a\n- b\n"));
    }

    @Test
    void reportsAFileOfCommentsAsEmpty() {
        assertEquals(1, problems("# nothing here yet\n").size());
    }

    @Test
    void stopsARecursiveAliasInAPayload() {
        List<String> found = problems(MINIMAL.replace("- { key: control }", "- { key: control, payload: &loop { self: *loop } }"));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).contains("nested more than 64 levels"), found.toString());
    }

    @Test
    void reportsDuplicateFieldsWithTheFirstLine() {
        assertEquals(List.of("11:1: field \"name\" appears twice (first on line 2); keep one"), problems(MINIMAL + "name: Again\n"));
    }

    @Test
    void reportsDuplicateKeysInsideAPayload() {
        List<String> found = problems(MINIMAL.replace("- { key: control }", "- { key: control, payload: { headline: a, headline: b } }"));
        assertEquals(List.of("7:45: key \"headline\" appears twice in variants[0].payload; keep one"), found);
    }

    @Test
    void requiresSurveyEventsForAnNpsGoal() {
        String survey = MINIMAL.replace("activation", "adoration").replace("landing_page", "survey")
                .replace("{ event: trial_signup }", "{ event: rating, metric: nps }");
        assertEquals(List.of("10:37: metric nps is computed from survey answers, so its event must be survey, found \"rating\""), problems(survey));
    }

    @Test
    void rejectsABanditFloorThatTakesAllTraffic() {
        String reward = MINIMAL.replace("activation", "advocacy").replace("landing_page", "reward")
                + "allocation: { mode: bandit, floor: 0.5 }\n  \n";
        assertEquals(List.of(), problems(reward));
        assertEquals(1, problems(reward.replace("- { key: benefit }", "- { key: benefit }\n  - { key: third }")).size());
    }

    @Test
    void readsAGuardrailMarginAndRejectsOneOutsideZeroToOne() {
        String withMargin = MINIMAL + "  guardrails: [ { event: unsubscribe, must_not: increase, margin: 0.02 } ]\n";
        Experiment e = ExperimentReader.read(withMargin, "test.yaml").experiment().orElseThrow();
        assertEquals(0.02, e.goals().guardrails().get(0).margin());
        assertEquals(Guardrail.DEFAULT_MARGIN, ExperimentReader.read(MINIMAL + "  guardrails: [ { event: unsubscribe, must_not: increase } ]\n",
                "test.yaml").experiment().orElseThrow().goals().guardrails().get(0).margin());
        List<String> problems = problems(MINIMAL + "  guardrails: [ { event: unsubscribe, must_not: increase, margin: 5 } ]\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("margin must be a number > 0 and <= 1"), problems.toString());
    }

    @Test
    void readsAnAnalysisBaselineBelowOne() {
        assertEquals(0.05, ExperimentReader.read(MINIMAL + "analysis: { method: fixed, baseline: 0.05 }\n", "test.yaml")
                .experiment().orElseThrow().analysis().baseline());
        assertEquals(1, problems(MINIMAL + "analysis: { method: fixed, baseline: 5 }\n").size());
    }

    @Test
    void rejectsAWinnerOfARunningExperiment() {
        assertEquals(List.of("11:9: winner is only allowed when status is stopped, or running with an end after which it is rolled out"
                        + " (status is running, no valid end); remove winner or set status: stopped"),
                problems(MINIMAL + "winner: benefit\n"));
    }

    @Test
    void acceptsAWinnerOfARunningExperimentWithAnEndToRollOutAfterIt() {
        assertEquals(List.of(), problems(MINIMAL + "end: 2027-01-01T00:00:00Z\nwinner: benefit\n"));
    }

    @Test
    void rejectsIntervalsOutsideOneMinuteToSevenDays() {
        String reward = MINIMAL.replace("activation", "advocacy").replace("landing_page", "reward");
        assertEquals(1, problems(reward + "allocation: { mode: bandit, interval: 8d }\n").size());
        assertEquals(1, problems(reward + "allocation: { mode: bandit, interval: 1 hour }\n").size());
    }
}
