package io.momentum.dashboard;

import static io.momentum.dashboard.Formats.count;
import static io.momentum.dashboard.Formats.number;
import static io.momentum.dashboard.Formats.percentOrNa;
import static io.momentum.dashboard.Html.escape;

import io.momentum.reporting.FlywheelReport;
import io.momentum.reporting.FlywheelReport.StageReport;
import io.momentum.reporting.FlywheelSeries;
import io.momentum.reporting.FunnelReport;
import java.util.List;
import java.util.Objects;

/** The SVG of the flywheel page (the wheel, sparklines) and of the funnel page (step bars). No scripts. */
final class FlywheelCharts {
    private static final int WHEEL_SIZE = 420;
    private static final int WHEEL_RADIUS = 140;
    private static final int NODE_RADIUS = 58;
    private static final int SPARK_WIDTH = 160;
    private static final int SPARK_HEIGHT = 36;
    private static final int SPARK_PERIODS = 12;
    private static final int BAR_WIDTH = 640;
    private static final int BAR_LABEL = 150;
    private static final int BAR_ROW = 30;
    private static final int BAR_HEIGHT = 20;

    private FlywheelCharts() {
    }

    /**
     * The four stages on a circle, each with its headline KPI; on the arrow to the next stage the latest period's
     * move-on rate, coloured by its change against the period before: worse (friction rose), better, or same.
     */
    static String wheel(FlywheelReport report) {
        List<StageReport> stages = report.stages();
        StringBuilder svg = new StringBuilder("<svg class=\"chart wheelsvg\" viewBox=\"0 0 " + WHEEL_SIZE + " " + WHEEL_SIZE
                + "\" role=\"img\" aria-label=\"flywheel\">");
        double centre = WHEEL_SIZE / 2.0;
        for (int i = 0; i < stages.size(); i++) {
            double[] from = position(i, stages.size(), centre);
            double[] to = position((i + 1) % stages.size(), stages.size(), centre);
            double[] mid = {(from[0] + to[0]) / 2, (from[1] + to[1]) / 2};
            StageReport s = stages.get(i);
            Double latest = latest(s.series(), 1);
            Double previous = latest(s.series(), 2);
            String change = latest == null || previous == null || latest.equals(previous) ? "same" : latest > previous ? "better" : "worse";
            svg.append("<g class=\"friction ").append(change).append("\"><line class=\"arc\" x1=\"").append(number(from[0], 1))
                    .append("\" y1=\"").append(number(from[1], 1)).append("\" x2=\"").append(number(to[0], 1)).append("\" y2=\"")
                    .append(number(to[1], 1)).append("\"/>");
            if (i + 1 < stages.size()) {
                svg.append("<text class=\"tick\" x=\"").append(number(mid[0], 1)).append("\" y=\"").append(number(mid[1], 1))
                        .append("\">").append(escape(percentOrNa(latest))).append("</text>");
            }
            svg.append("</g>");
        }
        for (int i = 0; i < stages.size(); i++) {
            double[] p = position(i, stages.size(), centre);
            StageReport s = stages.get(i);
            svg.append("<g class=\"node\" data-stage=\"").append(escape(s.stage().wire())).append("\"><circle cx=\"").append(number(p[0], 1))
                    .append("\" cy=\"").append(number(p[1], 1)).append("\" r=\"").append(NODE_RADIUS).append("\"/><text class=\"nodename\" x=\"")
                    .append(number(p[0], 1)).append("\" y=\"").append(number(p[1] - 8, 1)).append("\">").append(escape(s.name()))
                    .append("</text><text class=\"nodekpi\" x=\"").append(number(p[0], 1)).append("\" y=\"").append(number(p[1] + 14, 1))
                    .append("\">").append(escape(headline(s))).append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    /** The stage's first KPI over the range, else its conversion rate. */
    static String headline(StageReport s) {
        return s.kpis().stream().filter(k -> k.value() != null).findFirst()
                .map(k -> k.name().replace('_', ' ') + " " + value(k))
                .orElse(percentOrNa(s.conversionRate()));
    }

    static String value(FlywheelSeries.Kpi k) {
        if (k.value() instanceof Long n) {
            return count(n);
        }
        double v = k.value().doubleValue();
        return k.name().endsWith("_rate") ? percentOrNa(v) : number(v, 2);
    }

    /** The conversion rate of the last periods as a line; gaps (no visitors) are skipped. */
    static String sparkline(List<FlywheelSeries.Point> series) {
        List<FlywheelSeries.Point> last = series.subList(Math.max(0, series.size() - SPARK_PERIODS), series.size());
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < last.size(); i++) {
            Double rate = last.get(i).conversionRate();
            if (rate != null) {
                double x = last.size() == 1 ? 0 : i * (double) SPARK_WIDTH / (last.size() - 1);
                points.append(number(x, 1)).append(',').append(number(SPARK_HEIGHT - rate * SPARK_HEIGHT, 1)).append(' ');
            }
        }
        return "<svg class=\"spark\" viewBox=\"0 0 " + SPARK_WIDTH + " " + SPARK_HEIGHT + "\" role=\"img\" aria-label=\"conversion rate, last "
                + last.size() + " periods\"><polyline points=\"" + points.toString().strip() + "\"/></svg>";
    }

    /** One bar per step, its length the share of the first step's visitors. */
    static String funnelBars(List<FunnelReport.Step> steps) {
        int height = steps.size() * BAR_ROW + BAR_ROW / 2;
        StringBuilder svg = new StringBuilder("<svg class=\"chart\" viewBox=\"0 0 " + BAR_WIDTH + " " + height + "\" role=\"img\" aria-label=\"funnel steps\">");
        for (int i = 0; i < steps.size(); i++) {
            FunnelReport.Step step = steps.get(i);
            double share = Objects.requireNonNullElse(step.conversionFromStart(), 0.0);
            int y = i * BAR_ROW + BAR_ROW / 4;
            svg.append("<text class=\"label\" x=\"").append(BAR_LABEL - 8).append("\" y=\"").append(y + BAR_HEIGHT - 5).append("\">")
                    .append(escape(step.event())).append("</text><rect class=\"bar\" x=\"").append(BAR_LABEL).append("\" y=\"").append(y)
                    .append("\" width=\"").append(number(share * (BAR_WIDTH - BAR_LABEL - 120), 1)).append("\" height=\"").append(BAR_HEIGHT)
                    .append("\"/><text class=\"tick\" x=\"").append(number(BAR_LABEL + share * (BAR_WIDTH - BAR_LABEL - 120) + 6, 1))
                    .append("\" y=\"").append(y + BAR_HEIGHT - 5).append("\">").append(count(step.visitors())).append(" · ")
                    .append(escape(percentOrNa(step.conversionFromStart()))).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static Double latest(List<FlywheelSeries.Point> series, int back) {
        return series.size() < back ? null : series.get(series.size() - back).toNextStageRate();
    }

    /** Stage i of n clockwise from the top. */
    private static double[] position(int i, int n, double centre) {
        double angle = -Math.PI / 2 + 2 * Math.PI * i / n;
        return new double[] {centre + WHEEL_RADIUS * Math.cos(angle), centre + WHEEL_RADIUS * Math.sin(angle)};
    }
}
