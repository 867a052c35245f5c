package io.momentum.dashboard;

import static io.momentum.dashboard.Formats.count;
import static io.momentum.dashboard.Formats.percentOrNa;
import static io.momentum.dashboard.Html.escape;

import io.momentum.reporting.FlywheelReport;
import io.momentum.reporting.FlywheelSeries;
import io.momentum.reporting.FunnelReport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The dimension picker of the flywheel and funnel pages and their tables per segment (channel, device, ...). */
final class FlywheelSegments {
    private FlywheelSegments() {
    }

    /** Links to the same page by each configured dimension; the chosen one is marked, "all visitors" clears it. */
    static String picker(String path, List<String> dimensions, String chosen) {
        StringBuilder p = new StringBuilder("<p class=\"picker\" data-dimension-picker>By: ");
        p.append(chosen == null ? "<strong>all visitors</strong>" : "<a href=\"" + escape(path) + "\">all visitors</a>");
        for (String d : dimensions) {
            String label = escape(d.replace('_', ' '));
            p.append(" · ").append(d.equals(chosen) ? "<strong>" + label + "</strong>"
                    : "<a href=\"" + escape(path + "?dimension=" + URLEncoder.encode(d, StandardCharsets.UTF_8)) + "\">" + label + "</a>");
        }
        return p.append("</p>").toString();
    }

    /** Per segment and stage over the range: entered, converted, conversion and the move-on rate. */
    static String flywheel(FlywheelReport report) {
        if (report.segments() == null) {
            return "";
        }
        StringBuilder t = new StringBuilder("<h2>By ").append(escape(report.dimension().replace('_', ' ')))
                .append("</h2><div class=\"scroll\"><table data-segments><thead><tr><th>").append(escape(report.dimension()))
                .append("</th><th>stage</th><th>entered</th><th>converted</th><th>conversion</th><th>move on</th></tr></thead><tbody>");
        for (FlywheelReport.Segment segment : report.segments()) {
            for (FlywheelReport.SegmentStage stage : segment.stages()) {
                long entered = stage.series().stream().mapToLong(FlywheelSeries.Point::entered).sum();
                long converted = stage.series().stream().mapToLong(FlywheelSeries.Point::converted).sum();
                t.append("<tr><td>").append(escape(segment.value())).append("</td><td>").append(escape(stage.stage().wire()))
                        .append("</td>").append(cell(count(entered))).append(cell(count(converted)))
                        .append(cell(percentOrNa(entered == 0 ? null : (double) converted / entered)))
                        .append(cell(percentOrNa(stage.toNextStageRate()))).append("</tr>");
            }
        }
        return t.append("</tbody></table></div>").toString();
    }

    /** Per segment, each step's visitors and conversion from the start. */
    static String funnel(FunnelReport report) {
        if (report.segments() == null) {
            return "";
        }
        StringBuilder t = new StringBuilder("<h2>By ").append(escape(report.dimension().replace('_', ' ')))
                .append("</h2><div class=\"scroll\"><table data-segments><thead><tr><th>").append(escape(report.dimension())).append("</th>");
        for (String step : report.steps()) {
            t.append("<th>").append(escape(step)).append("</th>");
        }
        t.append("</tr></thead><tbody>");
        for (FunnelReport.Segment segment : report.segments()) {
            t.append("<tr><td>").append(escape(segment.value())).append("</td>");
            for (FunnelReport.Step step : segment.totals()) {
                t.append(cell(count(step.visitors()) + " (" + percentOrNa(step.conversionFromStart()) + ")"));
            }
            t.append("</tr>");
        }
        return t.append("</tbody></table></div>").toString();
    }

    private static String cell(String text) {
        return "<td class=\"num\">" + escape(text) + "</td>";
    }
}
