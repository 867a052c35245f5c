package io.momentum.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.audit.ExperimentChange;
import io.momentum.experiment.Analysis;
import io.momentum.experiment.Goal;
import io.momentum.experiment.GoalRole;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import io.momentum.promotion.Promotion;
import io.momentum.reporting.DecisionStatus;
import io.momentum.reporting.ExperimentResults.Comparison;
import io.momentum.reporting.ExperimentResults.Decision;
import io.momentum.reporting.ExperimentResults.Difference;
import io.momentum.reporting.ExperimentResults.GoalResult;
import io.momentum.reporting.ExperimentResults.Observed;
import io.momentum.reporting.ExperimentResults.SampleProgress;
import io.momentum.reporting.ExperimentResults.Srm;
import io.momentum.reporting.ExperimentResults.VariantResult;
import io.momentum.reporting.ExperimentResults;
import io.momentum.reporting.Trend;
import io.momentum.reporting.Verdict;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardPagesTest {
    private static final String HOSTILE = "<script>alert(1)</script>";
    private final DashboardPages pages = new DashboardPages();

    private static ExperimentResults results(String name, String variant) {
        GoalResult control = GoalResult.control(GoalRole.PRIMARY, Goal.Metric.CONVERSION, new Observed(100, 100, 0.1, 0, 0, 0.0));
        Comparison compared = Comparison.of(new Difference(0.03, List.of(0.01, 0.05), 0.3, List.of(0.1, 0.5)), 0.001, 0.001)
                .withBayes(0.99, 0.0001);
        GoalResult treatment = GoalResult.compared(GoalRole.PRIMARY, Goal.Metric.CONVERSION, new Observed(130, 130, 0.13, 0, 0, 0.0), compared)
                .judged(compared.judged(compared.difference(), 0.001, 0.002, null), Verdict.BETTER);
        return new ExperimentResults("hero", name, Stage.ACTIVATION, Kind.LANDING_PAGE, Status.RUNNING, Analysis.Method.SEQUENTIAL,
                "control", "trial_signup", Analysis.Correction.HOLM, 0.05, Instant.EPOCH,
                List.of(new VariantResult("control", 0.5, 1000, Map.of("trial_signup", control), null),
                        new VariantResult(variant, 0.5, 1000, Map.of("trial_signup", treatment), null)),
                new Srm(0.1, 0.75, 0.001, false), new SampleProgress(0.1, 0.1, 14751L, 500, 500, 1000, 0, 0.2, 300.0, 0.0, null), null,
                new Decision(DecisionStatus.WINNER, variant, List.of(variant + " improves trial_signup")), null, null);
    }

    private static Promotion promotion(ExperimentResults r) {
        return new Promotion(r.experiment(), "hero.yaml", r.decision().status(), r.decision().winner(),
                "--- a/hero.yaml\n+++ b/hero.yaml\n@@ -1 +1,2 @@\n-status: running\n+status: stopped\n+winner: " + r.decision().winner() + "\n",
                List.of(new Promotion.Preview("control", "https://example.com/?momentum_force=hero%3Acontrol", "2026-12-08T12:00:00Z"),
                        new Promotion.Preview(r.decision().winner(), "javascript:alert(1)", "2026-12-08T12:00:00Z")));
    }

    private static List<ExperimentChange> history(String text) {
        return List.of(new ExperimentChange("hero.yaml:1", Instant.EPOCH, "hero.yaml", 1, ExperimentChange.Kind.REJECTED, "hero",
                "+" + text + "\n", text, 2, List.of("hero.yaml:1:1: " + text), "abc", text, true));
    }

    @Test
    void warnsAboutOpenSettingsOnEveryPageAndAboutMintedTraffic() {
        DashboardPages open = new DashboardPages(List.of("--allow-forced-variants is on: <b>"));
        ExperimentResults hero = results("Hero", "benefit");
        String html = open.experiment(hero, Trend.empty("trial_signup"), java.util.Optional.empty(), List.of(), null, List.of(), 42);
        assertTrue(html.contains("<strong>Open settings.</strong><ul><li>--allow-forced-variants is on: &lt;b&gt;</li>"), html);
        assertTrue(html.contains("data-warning=\"minted_visitors\"") && html.contains("42 exposures came from addresses"), html);
        assertTrue(open.index(List.of(hero)).contains("Open settings."));
        assertFalse(pages.experiment(hero, Trend.empty("trial_signup")).contains("Open settings."));
        assertFalse(pages.experiment(hero, Trend.empty("trial_signup")).contains("minted_visitors"));
    }

    @Test
    void showsThePromotionDiffOfAWinnerPreviewLinksAndTheHistory() {
        ExperimentResults hero = results("Hero", "benefit");
        String html = pages.experiment(hero, Trend.empty("trial_signup"), java.util.Optional.empty(), List.of(), promotion(hero), history("edited"));
        assertTrue(html.contains("Roll out benefit"), html);
        assertTrue(html.contains("+status: stopped\n+winner: benefit"), html);
        assertTrue(html.contains("<a href=\"https://example.com/?momentum_force=hero%3Acontrol\""), html);
        assertFalse(html.contains("href=\"javascript:"), "only http(s) pages are linked");
        assertTrue(html.contains("<h2>History</h2>") && html.contains("rejected · hero.yaml · snapshot 2"), html);
    }

    @Test
    void escapesHostileNamesOnEveryPage() {
        ExperimentResults r = results(HOSTILE, "\"><img src=x onerror=alert(1)>");
        Trend trend = new Trend("trial_signup", List.of(new Trend.Series("\"><b>", List.of(
                new Trend.Point(LocalDate.of(2026, 11, 1), 10, 0.1, 0.5), new Trend.Point(LocalDate.of(2026, 11, 2), 20, 0.2, 0.04)))));
        for (String html : List.of(pages.index(List.of(r)), pages.experiment(r, trend, java.util.Optional.empty(), List.of(), promotion(r), history(HOSTILE)))) {
            assertFalse(html.contains(HOSTILE), "raw script tag in page");
            assertFalse(html.contains("<img"), "raw img tag in page");
            assertFalse(html.contains("<b>"), "raw b tag in page");
            assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped name missing");
        }
    }

    @Test
    void pagesHaveNoScriptsAndNoExternalAssets() {
        ExperimentResults hero = results("Hero", "benefit");
        String html = pages.experiment(hero, Trend.empty("trial_signup"), java.util.Optional.empty(), List.of(), promotion(hero), List.of());
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("src=\"http"));
        assertFalse(html.contains("<link"));
        assertTrue(html.contains("<svg"), "CI bars are inline SVG");
    }

    @Test
    void showsTheDecisionBadgeAndWinner() {
        String html = pages.index(List.of(results("Hero", "benefit")));
        assertTrue(html.contains("badge decision-winner\">winner</span>"), html);
        assertTrue(html.contains("winner <strong>benefit</strong>"), html);
    }

    @Test
    void showsTheDimensionPickerAsLinksAndTheChosenDimensionsSegments() {
        ExperimentResults r = results("Hero", "benefit");
        var goal = new io.momentum.reporting.SegmentResults.SegmentGoal(40, 0.08, -0.2, List.of(-0.4, 0.0), 0.04, 0.08);
        var control = new io.momentum.reporting.SegmentResults.SegmentGoal(50, 0.1, null, null, null, null);
        var segment = new io.momentum.reporting.SegmentResults.Segment("paid_social", 1000, List.of(
                new io.momentum.reporting.SegmentResults.SegmentVariant("control", 500, Map.of("trial_signup", control)),
                new io.momentum.reporting.SegmentResults.SegmentVariant("benefit", 500, Map.of("trial_signup", goal))), r.srm());
        var segmented = new io.momentum.reporting.SegmentResults(r, "channel", io.momentum.reporting.SegmentResults.ADJUSTMENT,
                List.of(segment), List.of());

        String html = pages.experiment(r, Trend.empty("trial_signup"), java.util.Optional.of(segmented), List.of("channel", "device"), null, List.of());

        assertTrue(html.contains("<a href=\"/experiments/hero?dimension=device\">device</a>"), html);
        assertTrue(html.contains("<strong aria-current=\"page\">channel</strong>"), html);
        assertTrue(html.contains("<td>paid_social</td><td>benefit</td>"), html);
        assertTrue(html.contains("<svg width=\"120\" height=\"12\" role=\"img\""), "a lift CI bar per treatment row");
        assertFalse(html.contains("<script"));
    }

    @Test
    void theHomePageEndsWithTheChannelReportAndItsPicker() {
        var paid = new io.momentum.reporting.ChannelReport.Segment("paid_search", 100, 0.5, 9, 9, 0.09, List.of(0.048, 0.162), 0.64, 0, 0);
        var hostile = new io.momentum.reporting.ChannelReport.Segment(HOSTILE, 100, 0.5, 2, 2, 0.02, List.of(0.0055, 0.07), -0.64, 0, 0);
        var report = new io.momentum.reporting.ChannelReport("channel", "trial_signup", 200, 11, 11, 0.055, List.of(0.03, 0.09), 0,
                List.of(paid, hostile), 3, List.of("channel", "device"));
        String html = pages.index(List.of(results("Hero", "benefit")), report);

        assertTrue(html.contains("Which traffic converts"), html);
        assertTrue(html.contains("<tr data-segment=\"paid_search\"><td>paid_search</td>"), html);
        assertTrue(html.contains("9.00%"), html);
        assertTrue(html.contains("<strong aria-current=\"page\">channel</strong>"), html);
        assertTrue(html.contains("<a href=\"/?dimension=device\">device</a>"), html);
        assertTrue(html.contains("3 converters with no known source"), html);
        assertFalse(html.contains(HOSTILE), "segment values are escaped");
    }

    @Test
    void anEmptyChannelReportSaysWhereSourcesComeFrom() {
        var report = new io.momentum.reporting.ChannelReport("channel", "trial_signup", 0, 0, 0, null, null, 0, List.of(), 0,
                List.of("channel"));
        String html = pages.index(List.of(), report);

        assertTrue(html.contains("No visitors with a known source yet"), html);
    }
}
