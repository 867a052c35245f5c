package io.momentum.dashboard;

import static io.momentum.dashboard.DashboardPages.cssClass;
import static io.momentum.dashboard.Formats.number;
import static io.momentum.dashboard.Formats.signedPercent;
import static io.momentum.dashboard.Html.escape;

import io.momentum.reporting.ExperimentResults;
import io.momentum.reporting.ExperimentResults.Difference;
import io.momentum.reporting.ExperimentResults.GoalResult;
import io.momentum.reporting.ExperimentResults.VariantResult;
import io.momentum.reporting.Trend;
import java.util.List;
import java.util.Locale;

/** The dashboard's inline SVG charts: lift confidence-interval bars and the over-time line charts. */
final class DashboardCharts {
    private static final String[] SERIES_COLOURS = {"#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2"};

    /** CI bars: the view box width, the left column for variant labels, and the padding right of the plot. */
    private static final int CI_WIDTH = 640;
    private static final int CI_LABEL_WIDTH = 110;
    private static final int CI_RIGHT_PADDING = 20;
    /** CI bars: one row per variant, the top margin, and the room under the rows for the tick labels. */
    private static final int CI_ROW_HEIGHT = 34;
    private static final int CI_TOP = 10;
    private static final int CI_AXIS_HEIGHT = 30;
    /** CI bars: the zero line runs from this y to this far above the bottom; tick labels sit this far above the bottom. */
    private static final int CI_ZERO_LINE_TOP = 4;
    private static final int CI_ZERO_LINE_END = 22;
    private static final int CI_TICK_BASELINE = 6;
    /** CI bars, within a row: the variant label's gap to the plot and baseline, the bar's offset, height and corner radius, the dot. */
    private static final int CI_LABEL_GAP = 8;
    private static final int CI_LABEL_BASELINE = 15;
    private static final int CI_BAR_OFFSET = 4;
    private static final int CI_BAR_HEIGHT = 14;
    private static final int CI_BAR_RADIUS = 3;
    private static final int CI_DOT_RADIUS = 5;
    /** CI bars: the scale covers at least +-1% and leaves 10% room beyond the widest interval. */
    private static final double CI_MIN_EXTENT = 0.01;
    private static final double CI_MARGIN = 0.1;

    /** Line charts: view box size, room left of the plot for tick labels and below it for the dates, padding elsewhere. */
    private static final int LINE_WIDTH = 320;
    private static final int LINE_HEIGHT = 180;
    private static final int LINE_LEFT = 44;
    private static final int LINE_BOTTOM = 22;
    private static final int LINE_PADDING = 8;
    /** Line charts: tick labels' gap left of the plot and drop below their grid line; the dates' baseline above the bottom. */
    private static final int LINE_TICK_GAP = 4;
    private static final int LINE_TICK_DROP = 4;
    private static final int LINE_DATE_BASELINE = 4;
    private static final int LINE_STROKE = 2;
    /** Line charts: the smallest value span drawn, and the room above and below the lift curves (10% of the span). */
    private static final double LINE_MIN_SPAN = 0.01;
    private static final double LINE_MARGIN = 0.1;

    private DashboardCharts() {
    }

    /** Horizontal CI bars of the primary lift per variant around a zero line; scale from the widest interval. */
    static String ciBars(ExperimentResults r) {
        List<VariantResult> compared = r.variants().stream()
                .filter(v -> !v.key().equals(r.control()))
                .filter(v -> v.goals().get(r.primaryGoal()) != null && v.goals().get(r.primaryGoal()).comparison().difference().ciLift() != null)
                .toList();
        if (compared.isEmpty()) {
            return "<p class=\"muted\">No interval yet: the control needs conversions first.</p>";
        }
        double extent = CI_MIN_EXTENT;
        for (VariantResult v : compared) {
            List<Double> ci = v.goals().get(r.primaryGoal()).comparison().difference().ciLift();
            extent = Math.max(extent, Math.max(Math.abs(ci.get(0)), Math.abs(ci.get(1))));
        }
        extent *= 1 + CI_MARGIN;
        int width = CI_WIDTH;
        int left = CI_LABEL_WIDTH;
        int plot = width - left - CI_RIGHT_PADDING;
        int height = CI_ROW_HEIGHT * compared.size() + CI_AXIS_HEIGHT;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"Lift confidence intervals\">");
        double range = extent;
        java.util.function.DoubleUnaryOperator x = lift -> left + (lift + range) / (2 * range) * plot;
        double zeroX = left + plot / 2.0;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"axis\"/>",
                zeroX, CI_ZERO_LINE_TOP, zeroX, height - CI_ZERO_LINE_END));
        for (double tick : new double[] {-extent, -extent / 2, 0, extent / 2, extent}) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>",
                    x.applyAsDouble(tick), height - CI_TICK_BASELINE, escape(signedPercent(tick))));
        }
        for (int i = 0; i < compared.size(); i++) {
            VariantResult v = compared.get(i);
            GoalResult g = v.goals().get(r.primaryGoal());
            Difference d = g.comparison().difference();
            double y = CI_TOP + i * CI_ROW_HEIGHT;
            double x1 = x.applyAsDouble(d.ciLift().get(0));
            double x2 = x.applyAsDouble(d.ciLift().get(1));
            double xl = x.applyAsDouble(d.lift());
            svg.append("<g class=\"").append(cssClass(g.verdict())).append("\"><title>")
                    .append(escape(v.key() + ": lift " + signedPercent(d.lift()) + ", CI " + signedPercent(d.ciLift().get(0))
                            + " to " + signedPercent(d.ciLift().get(1))))
                    .append("</title>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"label\">%s</text>",
                    left - CI_LABEL_GAP, y + CI_LABEL_BASELINE, escape(v.key())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"%d\" class=\"bar\"/>",
                    x1, y + CI_BAR_OFFSET, Math.max(1, x2 - x1), CI_BAR_HEIGHT, CI_BAR_RADIUS));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" class=\"dot\"/>",
                    xl, y + CI_BAR_OFFSET + CI_BAR_HEIGHT / 2.0, CI_DOT_RADIUS));
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    static String trendCharts(Trend trend, double alpha) {
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
        int width = LINE_WIDTH;
        int height = LINE_HEIGHT;
        int left = LINE_LEFT;
        int bottom = LINE_BOTTOM;
        List<java.time.LocalDate> days = trend.series().stream().flatMap(s -> s.points().stream()).map(Trend.Point::day)
                .distinct().sorted().toList();
        double min = 0;
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
            max = min + LINE_MIN_SPAN;
        }
        double span = max - min;
        double lo = min - (percentAxis ? span * LINE_MARGIN : 0);
        double hi = max + (percentAxis ? span * LINE_MARGIN : 0);
        StringBuilder svg = new StringBuilder("<svg class=\"chart\" viewBox=\"0 0 " + width + " " + height + "\" role=\"img\">");
        double plotW = width - left - LINE_PADDING;
        double plotH = height - bottom - LINE_PADDING;
        java.util.function.DoubleUnaryOperator y = v -> LINE_PADDING + (hi - v) / (hi - lo) * plotH;
        java.util.function.IntToDoubleFunction x = i -> left + (days.size() == 1 ? plotW / 2 : i * plotW / (days.size() - 1));
        for (double tick : new double[] {lo, (lo + hi) / 2, hi}) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>", left, width - LINE_PADDING, y.applyAsDouble(tick), y.applyAsDouble(tick)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>", left - LINE_TICK_GAP,
                    y.applyAsDouble(tick) + LINE_TICK_DROP, escape(percentAxis ? signedPercent(tick) : number(tick, 2))));
        }
        if (reference != null) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"reference\"/>", left, width - LINE_PADDING,
                    y.applyAsDouble(reference), y.applyAsDouble(reference)));
        }
        if (percentAxis && lo < 0 && hi > 0) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>", left, width - LINE_PADDING, y.applyAsDouble(0), y.applyAsDouble(0)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"tick\">%s</text>", left, height - LINE_DATE_BASELINE, escape(days.get(0).toString())));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">%s</text>", width - LINE_PADDING, height - LINE_DATE_BASELINE,
                escape(days.get(days.size() - 1).toString())));
        for (int s = 0; s < trend.series().size(); s++) {
            StringBuilder points = new StringBuilder();
            for (Trend.Point p : trend.series().get(s).points()) {
                Double v = value.apply(p);
                if (v != null) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(days.indexOf(p.day())), y.applyAsDouble(v)));
                }
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"").append(LINE_STROKE).append("\" stroke=\"").append(SERIES_COLOURS[s % SERIES_COLOURS.length])
                    .append("\" points=\"").append(points.toString().trim()).append("\"/>");
        }
        return svg.append("</svg>").toString();
    }
}
