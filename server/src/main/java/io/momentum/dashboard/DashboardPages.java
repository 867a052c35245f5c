package io.momentum.dashboard;

import static io.momentum.dashboard.Html.escape;

import io.momentum.experiment.Stage;
import io.momentum.reporting.ExperimentResults;
import io.momentum.reporting.ExperimentResults.GoalResult;
import io.momentum.reporting.ExperimentResults.VariantResult;
import io.momentum.reporting.FlywheelReport;
import io.momentum.reporting.FlywheelReport.StageReport;
import io.momentum.reporting.Trend;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard as pure functions from report records to HTML: inline CSS and SVG, no scripts, no
 * external assets, every dynamic string escaped with {@link Html#escape}.
 */
public final class DashboardPages {
    private static final String[] SERIES_COLOURS = {"#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2"};

    /** The home page: every experiment grouped by flywheel stage with its status and decision badges. */
    public String index(List<ExperimentResults> experiments) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Experiments</h1>");
        if (experiments.isEmpty()) {
            body.append("<p class=\"muted\">No experiments loaded. Add YAML files to the experiments directory.</p>");
        }
        for (Stage stage : Stage.values()) {
            List<ExperimentResults> atStage = experiments.stream().filter(r -> r.stage().equals(stage.wireName())).toList();
            if (atStage.isEmpty()) {
                continue;
            }
            body.append("<section class=\"stage\"><h2>").append(escape(capitalised(stage.wireName()))).append("</h2><div class=\"cards\">");
            atStage.forEach(r -> body.append(card(r)));
            body.append("</div></section>");
        }
        return page("Momentum experiments", body.toString());
    }

    private static String card(ExperimentResults r) {
        StringBuilder card = new StringBuilder("<article class=\"card\" data-experiment=\"").append(escape(r.experiment())).append("\">");
        card.append("<h3><a href=\"/experiments/").append(escape(r.experiment())).append("\">").append(escape(r.name())).append("</a></h3>");
        card.append("<p class=\"muted\">").append(escape(r.experiment())).append(" · ").append(escape(r.kind().replace('_', ' '))).append("</p>");
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
        StringBuilder body = new StringBuilder();
        body.append("<p><a href=\"/\">← All experiments</a> · <a href=\"/flywheel\">Flywheel</a></p>");
        body.append("<h1>").append(escape(r.name())).append("</h1>");
        body.append("<p class=\"muted\">").append(escape(r.experiment())).append(" · ").append(escape(r.stage()))
                .append(" · ").append(escape(r.kind().replace('_', ' '))).append(" · method ").append(escape(r.method()))
                .append(" · ").append(escape(r.correction().replace('_', '-'))).append(" correction · alpha ")
                .append(number(r.alpha(), 3)).append("</p>");
        body.append(decision(r));
        if (r.srm().detected()) {
            body.append("<div class=\"alert\" role=\"alert\"><strong>Sample-ratio mismatch.</strong> Exposures do not match the configured weights (p ")
                    .append(pValue(r.srm().pValue())).append("). Do not trust these numbers until assignment or tracking is fixed.</div>");
        }
        body.append(sample(r));
        body.append("<h2>Variants</h2>").append(variantTable(r));
        body.append("<h2>Lift of ").append(escape(r.primaryGoal())).append(" with confidence intervals</h2>").append(ciBars(r));
        body.append("<h2>Over time</h2>").append(trendCharts(trend, r.alpha()));
        body.append("<h2>All goals</h2>").append(goalTable(r));
        return page(r.name() + " · Momentum", body.toString());
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
            t.append("<th>Responses</th><th>Response rate</th><th>NPS</th><th>NPS diff p</th>");
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
        return cell(count(g.converters())) + cell(percentOrNa(g.rate()))
                + "<td class=\"num " + cssClass(g.verdict()) + "\">" + escape(signedPercent(g.lift())) + "</td>"
                + cell(g.ciLift() == null ? "n/a" : signedPercent(g.ciLift().get(0)) + " … " + signedPercent(g.ciLift().get(1)))
                + cell(pValue(g.pValue())) + cell(pValue(g.pValueAdjusted())) + cell(percentOrNa(g.chanceToWin()));
    }

    private static String goalTable(ExperimentResults r) {
        StringBuilder t = new StringBuilder("<div class=\"scroll\"><table><thead><tr><th>Goal</th><th>Role</th><th>Variant</th>"
                + "<th>Converters</th><th>Rate</th><th>Lift</th><th>CI</th><th>p</th><th>p adjusted</th><th>P(beat control)</th>"
                + "<th>Verdict</th></tr></thead><tbody>");
        List<String> goals = r.variants().isEmpty() ? List.of() : List.copyOf(r.variants().get(0).goals().keySet());
        for (String goal : goals) {
            for (VariantResult v : r.variants()) {
                GoalResult g = v.goals().get(goal);
                t.append("<tr><td>").append(escape(goal)).append("</td><td>").append(escape(g.role())).append("</td><td>")
                        .append(escape(v.key())).append("</td>").append(goalCells(g))
                        .append("<td class=\"").append(cssClass(g.verdict())).append("\">")
                        .append(escape(g.verdict() == null ? "control" : g.verdict())).append("</td></tr>");
            }
        }
        return t.append("</tbody></table></div>").toString();
    }

    /** Horizontal CI bars of the primary lift per variant around a zero line; scale from the widest interval. */
    private static String ciBars(ExperimentResults r) {
        List<VariantResult> compared = r.variants().stream()
                .filter(v -> !v.key().equals(r.control()))
                .filter(v -> v.goals().get(r.primaryGoal()) != null && v.goals().get(r.primaryGoal()).ciLift() != null)
                .toList();
        if (compared.isEmpty()) {
            return "<p class=\"muted\">No interval yet: the control needs conversions first.</p>";
        }
        double extent = 0.01;
        for (VariantResult v : compared) {
            List<Double> ci = v.goals().get(r.primaryGoal()).ciLift();
            extent = Math.max(extent, Math.max(Math.abs(ci.get(0)), Math.abs(ci.get(1))));
        }
        extent *= 1.1;
        int width = 640;
        int left = 110;
        int plot = width - left - 20;
        int rowHeight = 34;
        int height = rowHeight * compared.size() + 30;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"Lift confidence intervals\">");
        double zeroX = left + plot / 2.0;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" class=\"axis\"/>", zeroX, zeroX, height - 22));
        for (double tick : new double[] {-extent, -extent / 2, 0, extent / 2, extent}) {
            double x = left + (tick + extent) / (2 * extent) * plot;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>",
                    x, height - 6, escape(signedPercent(tick))));
        }
        for (int i = 0; i < compared.size(); i++) {
            VariantResult v = compared.get(i);
            GoalResult g = v.goals().get(r.primaryGoal());
            double y = 10 + i * rowHeight;
            double x1 = left + (g.ciLift().get(0) + extent) / (2 * extent) * plot;
            double x2 = left + (g.ciLift().get(1) + extent) / (2 * extent) * plot;
            double xl = left + (g.lift() + extent) / (2 * extent) * plot;
            svg.append("<g class=\"").append(cssClass(g.verdict())).append("\"><title>")
                    .append(escape(v.key() + ": lift " + signedPercent(g.lift()) + ", CI " + signedPercent(g.ciLift().get(0))
                            + " to " + signedPercent(g.ciLift().get(1))))
                    .append("</title>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"label\">%s</text>", left - 8, y + 15, escape(v.key())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" rx=\"3\" class=\"bar\"/>",
                    x1, y + 4, Math.max(1, x2 - x1)));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" class=\"dot\"/>", xl, y + 11));
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    private static String trendCharts(Trend trend, double alpha) {
        if (trend.series().stream().allMatch(s -> s.points().isEmpty())) {
            return "<p class=\"muted\">No daily data yet.</p>";
        }
        return "<div class=\"charts\"><figure><figcaption>Cumulative lift of " + escape(trend.goal()) + "</figcaption>"
                + lineChart(trend, Trend.Point::lift, true, null) + "</figure>"
                + "<figure><figcaption>p-value (dashed line: alpha)</figcaption>"
                + lineChart(trend, Trend.Point::pValue, false, alpha) + "</figure></div>" + legend(trend);
    }

    private static String legend(Trend trend) {
        StringBuilder out = new StringBuilder("<p class=\"legend\">");
        for (int i = 0; i < trend.series().size(); i++) {
            out.append("<span><svg viewBox=\"0 0 12 12\" width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"")
                    .append(SERIES_COLOURS[i % SERIES_COLOURS.length]).append("\"/></svg> ")
                    .append(escape(trend.series().get(i).variant())).append("</span> ");
        }
        return out.append("</p>").toString();
    }

    private static String lineChart(Trend trend, java.util.function.Function<Trend.Point, Double> value, boolean percentAxis, Double reference) {
        int width = 320;
        int height = 180;
        int left = 44;
        int bottom = 22;
        List<java.time.LocalDate> days = trend.series().stream().flatMap(s -> s.points().stream()).map(Trend.Point::day)
                .distinct().sorted().toList();
        double min = percentAxis ? 0 : 0;
        double max = percentAxis ? 0 : 1;
        for (Trend.Series s : trend.series()) {
            for (Trend.Point p : s.points()) {
                Double v = value.apply(p);
                if (v != null && percentAxis) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (max - min < 1e-9) {
            max = min + 0.01;
        }
        double span = max - min;
        double lo = min - (percentAxis ? span * 0.1 : 0);
        double hi = max + (percentAxis ? span * 0.1 : 0);
        StringBuilder svg = new StringBuilder("<svg class=\"chart\" viewBox=\"0 0 " + width + " " + height + "\" role=\"img\">");
        double plotW = width - left - 8;
        double plotH = height - bottom - 8;
        java.util.function.DoubleUnaryOperator y = v -> 8 + (hi - v) / (hi - lo) * plotH;
        java.util.function.IntToDoubleFunction x = i -> left + (days.size() == 1 ? plotW / 2 : i * plotW / (days.size() - 1));
        for (double tick : new double[] {lo, (lo + hi) / 2, hi}) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>", left, width - 8, y.applyAsDouble(tick), y.applyAsDouble(tick)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>", left - 4,
                    y.applyAsDouble(tick) + 4, escape(percentAxis ? signedPercent(tick) : number(tick, 2))));
        }
        if (reference != null) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"reference\"/>", left, width - 8,
                    y.applyAsDouble(reference), y.applyAsDouble(reference)));
        }
        if (percentAxis && lo < 0 && hi > 0) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>", left, width - 8, y.applyAsDouble(0), y.applyAsDouble(0)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"tick\">%s</text>", left, height - 4, escape(days.get(0).toString())));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">%s</text>", width - 8, height - 4,
                escape(days.get(days.size() - 1).toString())));
        for (int s = 0; s < trend.series().size(); s++) {
            StringBuilder points = new StringBuilder();
            for (Trend.Point p : trend.series().get(s).points()) {
                Double v = value.apply(p);
                if (v != null) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(days.indexOf(p.day())), y.applyAsDouble(v)));
                }
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(SERIES_COLOURS[s % SERIES_COLOURS.length])
                    .append("\" points=\"").append(points.toString().trim()).append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    /** The flywheel: four stages, visitors entering and converting, the rate between stages and the experiments. */
    public String flywheel(FlywheelReport report) {
        StringBuilder body = new StringBuilder("<p><a href=\"/\">← All experiments</a></p><h1>Flywheel</h1><div class=\"wheel\">");
        for (StageReport s : report.stages()) {
            if (!s.equals(report.stages().get(0))) {
                body.append("<div class=\"arrow\" data-friction=\"").append(escape(s.stage())).append("\"><span class=\"num\">")
                        .append(escape(percentOrNa(s.rateFromPrevious()))).append("</span><span class=\"muted\">move on</span></div>");
            }
            body.append("<section class=\"card stagebox\" data-stage=\"").append(escape(s.stage())).append("\"><h2>")
                    .append(escape(s.name())).append("</h2>");
            body.append("<p class=\"muted\">").append(escape(s.enteredEvent())).append(" → ").append(escape(s.convertedEvent())).append("</p>");
            body.append("<p><span class=\"num\">").append(count(s.entered())).append("</span> entered · <span class=\"num\">")
                    .append(count(s.converted())).append("</span> converted</p>");
            body.append("<p class=\"big num\">").append(escape(percentOrNa(s.conversionRate()))).append("</p>");
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
        return page("Flywheel · Momentum", body.append("</div>").toString());
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + CSS + "</style></head><body>"
                + "<header><a class=\"brand\" href=\"/\">Momentum</a><nav><a href=\"/\">Experiments</a><a href=\"/flywheel\">Flywheel</a></nav></header>"
                + "<main>" + body + "</main></body></html>";
    }

    private static String badge(String kind, String value) {
        String v = value == null ? "none" : value;
        return "<span class=\"badge " + kind + "-" + cssClass(v) + "\">" + escape(v.replace('_', ' ')) + "</span>";
    }

    /** Only our own enum-like words become class names; anything else collapses to letters and dashes. */
    private static String cssClass(String value) {
        return value == null ? "none" : value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String cell(String text) {
        return "<td class=\"num\">" + escape(text) + "</td>";
    }

    private static String capitalised(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    static String percentOrNa(Double fraction) {
        return fraction == null ? "n/a" : percent(fraction);
    }

    static String signedPercent(Double fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }

    static String pValue(Double p) {
        if (p == null) {
            return "n/a";
        }
        return p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    private static final String CSS = """
            :root{--fg:#1f2937;--muted:#6b7280;--bg:#f8fafc;--card:#fff;--line:#e5e7eb;--good:#047857;--bad:#b91c1c;--warn:#b45309}
            *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
            header{display:flex;gap:1rem;align-items:center;justify-content:space-between;padding:.6rem 1rem;background:#111827;color:#fff}
            header a{color:#fff;text-decoration:none;margin-left:1rem}.brand{font-weight:700;margin-left:0!important}
            main{max-width:1100px;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1.4rem 0 .5rem}
            h3{font-size:1rem;margin:0 0 .2rem}a{color:#1d4ed8}.muted{color:var(--muted)}.num{font-variant-numeric:tabular-nums}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:.8rem}
            .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.8rem}.card p{margin:.3rem 0}
            .reason{font-size:.9rem;color:var(--muted)}
            .badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600;background:#e5e7eb;color:#374151}
            .decision-winner{background:#d1fae5;color:var(--good)}.decision-srm-detected,.decision-guardrail-violated,.decision-downstream-harm{background:#fee2e2;color:var(--bad)}
            .decision-no-difference-yet{background:#fef3c7;color:var(--warn)}.status-running{background:#dbeafe;color:#1e40af}.decision-stopped,.status-stopped{background:#e5e7eb}
            .decision{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:8px;padding:.2rem 1rem;margin:1rem 0}
            .decision.winner{border-left-color:var(--good)}.decision.srm-detected,.decision.guardrail-violated,.decision.downstream-harm{border-left-color:var(--bad)}
            .decision.no-difference-yet{border-left-color:var(--warn)}.winner{font-size:1rem}
            .alert{background:#fee2e2;border:1px solid #fca5a5;color:var(--bad);border-radius:8px;padding:.7rem 1rem;margin:1rem 0}
            .facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.5rem;margin:0}
            .facts div{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.5rem .7rem}dt{font-size:.8rem;color:var(--muted)}dd{margin:0;font-size:1.1rem;font-weight:600}
            .scroll{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:8px}
            table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:.35rem .6rem;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
            td.num{text-align:right}.better{color:var(--good);font-weight:600}.worse{color:var(--bad);font-weight:600}
            .chart{width:100%;height:auto;background:var(--card);border:1px solid var(--line);border-radius:8px}
            .axis{stroke:#111827;stroke-width:1}.grid{stroke:var(--line)}.reference{stroke:var(--bad);stroke-dasharray:4 3}
            .tick{font-size:10px;fill:var(--muted)}.label{font-size:12px;fill:var(--fg);text-anchor:end}
            .bar{fill:#9ca3af}.dot{fill:#374151}g.better .bar{fill:#6ee7b7}g.better .dot{fill:var(--good)}g.worse .bar{fill:#fca5a5}g.worse .dot{fill:var(--bad)}
            .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:.8rem}figure{margin:0}figcaption{font-size:.85rem;color:var(--muted)}
            .legend span{margin-right:1rem}
            .wheel{display:grid;grid-template-columns:minmax(0,1fr) auto minmax(0,1fr) auto minmax(0,1fr) auto minmax(0,1fr);gap:.5rem;align-items:stretch}
            .arrow{display:flex;flex-direction:column;justify-content:center;align-items:center;font-weight:600}.arrow::after{content:"→";font-size:1.6rem}
            .big{font-size:1.8rem;font-weight:700;margin:.2rem 0}.effects{padding-left:1rem;font-size:.88rem}
            @media (max-width:760px){.wheel{grid-template-columns:1fr}.arrow::after{content:"↓"}main{padding:.6rem}header nav a{margin-left:.6rem}}
            """;
}
