package io.momentum.dashboard;

import static io.momentum.dashboard.Formats.count;
import static io.momentum.dashboard.Formats.number;
import static io.momentum.dashboard.Formats.percent;
import static io.momentum.dashboard.Formats.percentOrNa;
import static io.momentum.dashboard.Formats.pValue;
import static io.momentum.dashboard.Formats.signedPercent;
import static io.momentum.dashboard.Html.escape;

import io.momentum.assign.MintedVisitors;
import io.momentum.audit.ExperimentChange;
import io.momentum.experiment.Stage;
import io.momentum.experiment.WireName;
import io.momentum.promotion.Promotion;
import io.momentum.reporting.ChannelReport;
import io.momentum.reporting.ExperimentResults;
import io.momentum.reporting.SegmentResults;
import io.momentum.reporting.ExperimentResults.Comparison;
import io.momentum.reporting.ExperimentResults.Difference;
import io.momentum.reporting.ExperimentResults.GoalResult;
import io.momentum.reporting.ExperimentResults.VariantResult;
import io.momentum.reporting.FlywheelReport;
import io.momentum.reporting.FunnelReport;
import io.momentum.reporting.FlywheelReport.StageReport;
import io.momentum.reporting.Trend;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard as pure functions from report records to HTML: inline CSS and SVG, no scripts, no
 * external assets, every dynamic string escaped with {@link Html#escape}.
 */
public final class DashboardPages {
    private final List<String> notices;

    /** Pages without security notices. */
    public DashboardPages() {
        this(List.of());
    }

    /** @param notices settings that leave the numbers or the dashboard open, shown on top of every page */
    public DashboardPages(List<String> notices) {
        this.notices = List.copyOf(notices);
    }

    /** The home page: every experiment grouped by flywheel stage with its status and decision badges. */
    public String index(List<ExperimentResults> experiments) {
        return index(experiments, null);
    }

    /** The same, then the channel report (null: none; an empty one says why). */
    public String index(List<ExperimentResults> experiments, ChannelReport channels) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Experiments</h1>");
        if (experiments.isEmpty()) {
            body.append("<p class=\"muted\">No experiments loaded. Add YAML files to the experiments directory.</p>");
        }
        for (Stage stage : Stage.values()) {
            List<ExperimentResults> atStage = experiments.stream().filter(r -> r.stage() == stage).toList();
            if (atStage.isEmpty()) {
                continue;
            }
            body.append("<section class=\"stage\"><h2>").append(escape(capitalised(stage.wire()))).append("</h2><div class=\"cards\">");
            atStage.forEach(r -> body.append(card(r)));
            body.append("</div></section>");
        }
        if (channels != null) {
            body.append(ChannelSection.render(channels));
        }
        return page("Momentum experiments", body.toString());
    }

    private static String card(ExperimentResults r) {
        StringBuilder card = new StringBuilder("<article class=\"card\" data-experiment=\"").append(escape(r.experiment())).append("\">");
        card.append("<h3><a href=\"/experiments/").append(escape(r.experiment())).append("\">").append(escape(r.name())).append("</a></h3>");
        card.append("<p class=\"muted\">").append(escape(r.experiment())).append(" · ").append(escape(r.kind().wire().replace('_', ' '))).append("</p>");
        card.append("<p>").append(badge("status", r.status())).append(' ').append(badge("decision", r.decision().status())).append("</p>");
        long exposures = r.variants().stream().mapToLong(VariantResult::exposures).sum();
        card.append("<p><span class=\"num\">").append(count(exposures)).append("</span> visitors");
        if (r.decision().winner() != null) {
            card.append(" · winner <strong>").append(escape(r.decision().winner())).append("</strong>");
        }
        card.append("</p>");
        if (!r.decision().reasons().isEmpty()) {
            card.append("<p class=\"reason\">").append(escape(r.decision().reasons().get(0))).append("</p>");
        }
        return card.append("</article>").toString();
    }

    /** One experiment: decision, SRM, sample and ETA, the variant table, CI bars and the trend chart. */
    public String experiment(ExperimentResults r, Trend trend) {
        return experiment(r, trend, java.util.Optional.empty(), List.of(), null, List.of());
    }

    /**
     * The same, with a dimension picker (links) and, when a dimension is chosen, its per-segment table; the YAML
     * change that promotes a winner and the preview links (when {@code promotion} is given) and the file's history.
     */
    public String experiment(ExperimentResults overall, Trend trend, java.util.Optional<SegmentResults> segmented, List<String> dimensions,
                             Promotion promotion, List<ExperimentChange> history) {
        return experiment(overall, trend, segmented, dimensions, promotion, history, 0);
    }

    /** The same, warning when {@code mintedExposures} of the counted exposures came from addresses that look minted. */
    public String experiment(ExperimentResults overall, Trend trend, java.util.Optional<SegmentResults> segmented, List<String> dimensions,
                             Promotion promotion, List<ExperimentChange> history, long mintedExposures) {
        ExperimentResults r = segmented.map(SegmentResults::results).orElse(overall);
        StringBuilder body = new StringBuilder();
        body.append("<p><a href=\"/\">← All experiments</a> · <a href=\"/flywheel\">Flywheel</a></p>");
        body.append("<h1>").append(escape(r.name())).append("</h1>");
        body.append("<p class=\"muted\">").append(escape(r.experiment())).append(" · ").append(escape(r.stage().wire()))
                .append(" · ").append(escape(r.kind().wire().replace('_', ' '))).append(" · method ").append(escape(r.method().wire()))
                .append(" · ").append(escape(r.correction().wire().replace('_', '-'))).append(" correction · alpha ")
                .append(number(r.alpha(), 3)).append("</p>");
        body.append(decision(r));
        body.append(LifecycleSections.promotion(promotion));
        if (mintedExposures > 0) {
            body.append("<div class=\"alert\" role=\"alert\" data-warning=\"minted_visitors\"><strong>Possibly minted traffic.</strong> ")
                    .append(count(mintedExposures)).append(" exposures came from addresses that each brought more than ")
                    .append(MintedVisitors.NEW_VISITORS_PER_ADDRESS).append(" new visitors within ").append(MintedVisitors.WINDOW.toMinutes())
                    .append(" minutes: someone may be making up visitors to steer the result (or many visitors share one address)."
                            + " Count the goal from your backend (source: server) before trusting a winner.</div>");
        }
        if (r.srm().detected()) {
            body.append("<div class=\"alert\" role=\"alert\"><strong>Sample-ratio mismatch.</strong> Exposures do not match the configured weights (p ")
                    .append(pValue(r.srm().pValue())).append("). Do not trust these numbers until assignment or tracking is fixed.</div>");
        }
        body.append(sample(r));
        body.append("<h2>Variants</h2>").append(variantTable(r));
        body.append("<h2>Lift of ").append(escape(r.primaryGoal())).append(" with confidence intervals</h2>").append(DashboardCharts.ciBars(r));
        body.append("<h2>Over time</h2>").append(DashboardCharts.trendCharts(trend, r.alpha()));
        body.append("<h2>All goals</h2>").append(goalTable(r));
        body.append(segments(r, segmented, dimensions));
        body.append(LifecycleSections.previews(promotion));
        body.append(LifecycleSections.history(history));
        return page(r.name() + " · Momentum", body.toString());
    }

    /** The dimension picker and the chosen dimension's segments: visitors, primary-goal rate and lift with its CI bar. */
    private static String segments(ExperimentResults r, java.util.Optional<SegmentResults> segmented, List<String> dimensions) {
        StringBuilder out = new StringBuilder("<h2>Segments</h2><nav class=\"picker\" aria-label=\"Break down by\"><p>Break down by: ");
        for (String d : dimensions) {
            boolean chosen = segmented.map(s -> s.dimension().equals(d)).orElse(false);
            out.append(chosen ? "<strong aria-current=\"page\">" + escape(d) + "</strong> "
                    : "<a href=\"/experiments/" + escape(r.experiment()) + "?dimension=" + escape(d) + "\">" + escape(d) + "</a> ");
        }
        out.append("</p></nav>");
        if (segmented.isEmpty()) {
            return out.toString();
        }
        SegmentResults s = segmented.get();
        out.append("<p class=\"muted\">").append(escape(r.primaryGoal())).append(" by ").append(escape(s.dimension()))
                .append("; p adjusted: ").append(escape(s.adjustment())).append("</p>");
        out.append("<div class=\"scroll\"><table><thead><tr><th>").append(escape(s.dimension()))
                .append("</th><th>Variant</th><th>Visitors</th><th>Converters</th><th>Rate</th><th>Lift</th><th>CI</th><th></th><th>p</th>"
                        + "<th>p adjusted</th></tr></thead><tbody>");
        for (SegmentResults.Segment segment : s.segments()) {
            for (SegmentResults.SegmentVariant v : segment.variants()) {
                SegmentResults.SegmentGoal g = v.goals().get(r.primaryGoal());
                out.append("<tr><td>").append(escape(segment.value())).append("</td><td>").append(escape(v.key())).append("</td>")
                        .append(cell(count(v.exposures())));
                if (g == null) {
                    out.append(cell("")).append(cell("")).append(cell("")).append(cell("")).append("<td></td>").append(cell("")).append(cell(""));
                } else {
                    out.append(cell(count(g.converters()))).append(cell(percentOrNa(g.rate())))
                            .append(cell(v.key().equals(r.control()) ? "control" : signedPercent(g.lift())))
                            .append(cell(g.ciLift() == null ? "n/a" : signedPercent(g.ciLift().get(0)) + " … " + signedPercent(g.ciLift().get(1))))
                            .append("<td>").append(ciBar(g.ciLift(), g.lift())).append("</td>")
                            .append(cell(pValue(g.pValue()))).append(cell(pValue(g.pValueAdjusted())));
                }
                out.append("</tr>");
            }
        }
        return out.append("</tbody></table></div>").toString();
    }

    /** A 120 px bar of a lift interval on a −100 % … +100 % axis (clipped), the zero line in the middle. */
    private static String ciBar(List<Double> ci, Double lift) {
        if (ci == null || lift == null) {
            return "";
        }
        java.util.function.DoubleUnaryOperator x = v -> 60 + 60 * Math.max(-1, Math.min(1, v));
        double from = x.applyAsDouble(ci.get(0));
        double to = x.applyAsDouble(ci.get(1));
        String colour = ci.get(0) > 0 ? "#1a7f37" : ci.get(1) < 0 ? "#cf222e" : "#6e7781";
        return String.format(java.util.Locale.ROOT, "<svg width=\"120\" height=\"12\" role=\"img\" aria-label=\"lift %s\">"
                        + "<line x1=\"60\" y1=\"0\" x2=\"60\" y2=\"12\" stroke=\"#999\"/><rect x=\"%.1f\" y=\"3\" width=\"%.1f\" height=\"6\" fill=\"%s\"/>"
                        + "<circle cx=\"%.1f\" cy=\"6\" r=\"2.5\" fill=\"#000\"/></svg>", escape(signedPercent(lift)), from,
                Math.max(1, to - from), colour, x.applyAsDouble(lift));
    }

    private static String decision(ExperimentResults r) {
        StringBuilder box = new StringBuilder("<section class=\"decision ").append(cssClass(r.decision().status())).append("\">");
        box.append("<h2>Decision: ").append(badge("decision", r.decision().status()));
        if (r.decision().winner() != null) {
            box.append(" <span class=\"winner\">winner: ").append(escape(r.decision().winner())).append("</span>");
        }
        box.append("</h2><ul>");
        r.decision().reasons().forEach(reason -> box.append("<li>").append(escape(reason)).append("</li>"));
        return box.append("</ul></section>").toString();
    }

    private static String sample(ExperimentResults r) {
        var s = r.sample();
        StringBuilder out = new StringBuilder("<dl class=\"facts\">");
        fact(out, "Visitors per variant (smallest)", count(s.smallestVariantExposures()));
        fact(out, "Required per variant", count(s.requiredPerVariant()));
        fact(out, "Planned sample per variant", s.sampleSizePerVariant() == null ? "n/a" : count(s.sampleSizePerVariant()));
        fact(out, "Power reached", s.powerReached() == null ? "n/a" : percent(s.powerReached()));
        fact(out, "Visitors per day", s.visitorsPerDay() == null ? "n/a" : number(s.visitorsPerDay(), 1));
        String eta = s.etaDays() == null ? "unknown" : s.etaDays() == 0 ? "reached" : number(s.etaDays(), 1) + " days";
        fact(out, s.moreVisitorsPerVariant() > 0 ? "ETA to required sample" : "ETA to planned sample", eta);
        fact(out, "SRM p-value", pValue(r.srm().pValue()));
        return out.append("</dl>").toString();
    }

    private static void fact(StringBuilder out, String label, String value) {
        out.append("<div><dt>").append(escape(label)).append("</dt><dd class=\"num\">").append(escape(value)).append("</dd></div>");
    }

    private static String variantTable(ExperimentResults r) {
        StringBuilder t = new StringBuilder("<div class=\"scroll\"><table><thead><tr><th>Variant</th><th>Weight</th><th>Visitors</th>"
                + "<th>Converters</th><th>Rate</th><th>Lift</th><th>CI</th><th>p</th><th>p adjusted</th><th>P(beat control)</th>");
        boolean survey = r.variants().stream().anyMatch(v -> v.survey() != null);
        if (survey) {
            t.append("<th>Responses</th><th>Response rate</th><th>NPS (responders)</th><th>NPS diff p (responders)</th>");
        }
        t.append("</tr></thead><tbody>");
        for (VariantResult v : r.variants()) {
            GoalResult g = v.goals().get(r.primaryGoal());
            t.append("<tr data-variant=\"").append(escape(v.key())).append("\"><th scope=\"row\">").append(escape(v.key()));
            if (v.key().equals(r.control())) {
                t.append(" <span class=\"muted\">(control)</span>");
            }
            t.append("</th><td class=\"num\">").append(percent(v.weight())).append("</td><td class=\"num\">").append(count(v.exposures())).append("</td>");
            t.append(goalCells(g));
            if (survey) {
                var s = v.survey();
                t.append(cell(s == null ? "" : count(s.responses()))).append(cell(s == null ? "" : percentOrNa(s.responseRate())))
                        .append(cell(s == null || s.nps() == null ? "n/a" : number(s.nps(), 1)))
                        .append(cell(s == null ? "" : pValue(s.pValue())));
            }
            t.append("</tr>");
        }
        return t.append("</tbody></table></div>").toString();
    }

    private static String goalCells(GoalResult g) {
        if (g == null) {
            return cell("") + cell("") + cell("") + cell("") + cell("") + cell("") + cell("");
        }
        Comparison c = g.comparison();
        Difference d = c.difference();
        return cell(count(g.observed().converters())) + cell(percentOrNa(g.observed().rate()))
                + "<td class=\"num " + cssClass(g.verdict()) + "\">" + escape(signedPercent(d.lift())) + "</td>"
                + cell(d.ciLift() == null ? "n/a" : signedPercent(d.ciLift().get(0)) + " … " + signedPercent(d.ciLift().get(1)))
                + cell(pValue(c.pValue())) + cell(pValue(c.pValueAdjusted())) + cell(percentOrNa(c.chanceToWin()));
    }

    private static String goalTable(ExperimentResults r) {
        StringBuilder t = new StringBuilder("<div class=\"scroll\"><table><thead><tr><th>Goal</th><th>Role</th><th>Variant</th>"
                + "<th>Converters</th><th>Rate</th><th>Lift</th><th>CI</th><th>p</th><th>p adjusted</th><th>P(beat control)</th>"
                + "<th>Verdict</th></tr></thead><tbody>");
        List<String> goals = r.variants().isEmpty() ? List.of() : List.copyOf(r.variants().get(0).goals().keySet());
        for (String goal : goals) {
            for (VariantResult v : r.variants()) {
                GoalResult g = v.goals().get(goal);
                t.append("<tr><td>").append(escape(goal)).append("</td><td>").append(escape(g.role().wire())).append("</td><td>")
                        .append(escape(v.key())).append("</td>").append(goalCells(g))
                        .append("<td class=\"").append(cssClass(g.verdict())).append("\">")
                        .append(escape(g.verdict() == null ? "control" : g.verdict().wire())).append("</td></tr>");
            }
        }
        return t.append("</tbody></table></div>").toString();
    }

    /** The flywheel: four stages, visitors entering and converting, the rate between stages and the experiments. */
    public String flywheel(FlywheelReport report, List<String> dimensions) {
        StringBuilder body = new StringBuilder("<p><a href=\"/\">← All experiments</a></p><h1>Flywheel</h1>");
        body.append("<p class=\"muted\">").append(escape(report.period().wire())).append("ly cohorts from ")
                .append(escape(report.from().toString())).append("; friction window ").append(escape(number(report.windowDays(), 0)))
                .append(" days. Arrows: the latest period's move-on rate, green when it rose and red when it fell against the period before.");
        for (String funnel : report.funnels()) {
            body.append(" <a href=\"/funnels/").append(escape(funnel)).append("\">Funnel ").append(escape(funnel)).append("</a>");
        }
        body.append("</p>").append(FlywheelSegments.picker("/flywheel", dimensions, report.dimension()))
                .append(FlywheelCharts.wheel(report)).append("<div class=\"wheel\">");
        for (StageReport s : report.stages()) {
            if (!s.equals(report.stages().get(0))) {
                body.append("<div class=\"arrow\" data-friction=\"").append(escape(s.stage().wire())).append("\"><span class=\"num\">")
                        .append(escape(percentOrNa(s.rateFromPrevious()))).append("</span><span class=\"muted\">move on</span></div>");
            }
            body.append("<section class=\"card stagebox\" data-stage=\"").append(escape(s.stage().wire())).append("\"><h2>")
                    .append(escape(s.name())).append("</h2>");
            body.append("<p class=\"muted\">").append(escape(s.enteredEvent())).append(" → ").append(escape(s.convertedEvent())).append("</p>");
            body.append("<p><span class=\"num\">").append(count(s.entered())).append("</span> entered · <span class=\"num\">")
                    .append(count(s.converted())).append("</span> converted</p>");
            body.append("<p class=\"big num\">").append(escape(percentOrNa(s.conversionRate()))).append("</p>");
            body.append(FlywheelCharts.sparkline(s.series()));
            for (var kpi : s.kpis()) {
                body.append("<p class=\"muted\" title=\"").append(escape(kpi.definition())).append("\">").append(escape(kpi.name().replace('_', ' ')))
                        .append(": <span class=\"num\">").append(escape(kpi.value() == null ? "n/a" : FlywheelCharts.value(kpi))).append("</span></p>");
            }
            if (!s.experiments().isEmpty()) {
                body.append("<ul class=\"effects\">");
                for (FlywheelReport.ExperimentEffect e : s.experiments()) {
                    body.append("<li><a href=\"/experiments/").append(escape(e.experiment())).append("\">").append(escape(e.name()))
                            .append("</a> ").append(badge("decision", e.decision())).append("<br><span class=\"muted\">")
                            .append(escape(e.primaryGoal())).append(' ').append(escape(signedPercent(e.lift()))).append(" (p ")
                            .append(escape(pValue(e.pValue()))).append(")");
                    if (e.nextStageEvent() != null) {
                        body.append("; next stage ").append(escape(e.nextStageEvent())).append(' ')
                                .append(escape(signedPercent(e.nextStageLift()))).append(" (p ").append(escape(pValue(e.nextStagePValue()))).append(")");
                    }
                    body.append("</span></li>");
                }
                body.append("</ul>");
            }
            body.append("</section>");
        }
        return page("Flywheel · Momentum", body.append("</div>").append(FlywheelSegments.flywheel(report)).toString());
    }

    /** A funnel: bars of each step's visitors over the range, and the steps per cohort period. */
    public String funnel(FunnelReport report, List<String> dimensions) {
        StringBuilder body = new StringBuilder("<p><a href=\"/flywheel\">← Flywheel</a></p><h1>Funnel ").append(escape(report.name()))
                .append("</h1><p class=\"muted\">Steps in order within ").append(escape(number(report.windowDays(), 1)))
                .append(" days of the first; ").append(escape(report.period().wire())).append("ly cohorts from ")
                .append(escape(report.from().toString())).append(".</p>")
                .append(FlywheelSegments.picker("/funnels/" + report.name(), dimensions, report.dimension()))
                .append(FlywheelCharts.funnelBars(report.totals()));
        body.append("<div class=\"scroll\"><table><thead><tr><th>step</th><th>visitors</th><th>from previous</th><th>drop-off</th>"
                + "<th>median days from previous</th></tr></thead><tbody>");
        for (FunnelReport.Step step : report.totals()) {
            body.append("<tr><td>").append(escape(step.event())).append("</td>").append(cell(count(step.visitors())))
                    .append(cell(percentOrNa(step.conversionFromPrevious()))).append(cell(count(step.dropOff())))
                    .append(cell(step.medianDaysFromPrevious() == null ? "n/a" : number(step.medianDaysFromPrevious(), 2))).append("</tr>");
        }
        return page("Funnel " + report.name() + " · Momentum", body.append("</tbody></table></div>")
                .append(FlywheelSegments.funnel(report)).toString());
    }

    private String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + DashboardStyle.CSS + "</style></head><body>"
                + "<header><a class=\"brand\" href=\"/\">Momentum</a><nav><a href=\"/\">Experiments</a><a href=\"/flywheel\">Flywheel</a></nav></header>"
                + "<main>" + notices() + body + "</main></body></html>";
    }

    private String notices() {
        if (notices.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<div class=\"alert\" role=\"alert\"><strong>Open settings.</strong><ul>");
        notices.forEach(n -> out.append("<li>").append(escape(n)).append("</li>"));
        return out.append("</ul></div>").toString();
    }

    private static String badge(String kind, WireName value) {
        String v = value == null ? "none" : value.wire();
        return "<span class=\"badge " + kind + "-" + cssClass(v) + "\">" + escape(v.replace('_', ' ')) + "</span>";
    }

    /** Only our own enum-like words become class names; anything else collapses to letters and dashes. */
    static String cssClass(WireName value) {
        return value == null ? "none" : cssClass(value.wire());
    }

    private static String cssClass(String value) {
        return value == null ? "none" : value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String cell(String text) {
        return "<td class=\"num\">" + escape(text) + "</td>";
    }

    private static String capitalised(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
