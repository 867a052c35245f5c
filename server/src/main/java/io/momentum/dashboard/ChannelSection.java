package io.momentum.dashboard;

import static io.momentum.dashboard.Formats.count;
import static io.momentum.dashboard.Formats.percent;
import static io.momentum.dashboard.Formats.percentOrNa;
import static io.momentum.dashboard.Formats.signedPercent;
import static io.momentum.dashboard.Html.escape;

import io.momentum.reporting.ChannelReport;
import java.util.List;
import java.util.Locale;

/** The home page's channel report: which traffic converts on the activation goal, a dimension picker made of links. */
final class ChannelSection {
    private static final int BAR_WIDTH = 160;

    private ChannelSection() {
    }

    static String render(ChannelReport report) {
        StringBuilder out = new StringBuilder("<section class=\"channels\" aria-labelledby=\"channels\"><h2 id=\"channels\">Which traffic converts</h2>");
        out.append("<nav class=\"picker\" aria-label=\"Break down by\"><p>Break down by: ");
        for (String d : report.dimensions()) {
            out.append(d.equals(report.dimension()) ? "<strong aria-current=\"page\">" + escape(d) + "</strong> "
                    : "<a href=\"/?dimension=" + escape(d) + "\">" + escape(d) + "</a> ");
        }
        out.append("</p></nav><p class=\"muted\">").append(escape(report.goal())).append(" by first-touch ").append(escape(report.dimension()))
                .append(" across all visitors: ").append(count(report.visitors())).append(" visitors, ").append(count(report.converters()))
                .append(" converted (").append(percentOrNa(report.rate())).append("); 95 % Wilson intervals");
        if (report.unattributedConverters() > 0) {
            out.append("; ").append(count(report.unattributedConverters())).append(" converters with no known source are left out");
        }
        out.append("</p>");
        if (report.segments().isEmpty()) {
            return out.append("<p class=\"muted\">No visitors with a known source yet: sources are recorded with each visitor's first exposure.</p></section>").toString();
        }
        double scale = report.segments().stream().mapToDouble(s -> s.ciRate().get(1)).max().orElse(1);
        out.append("<div class=\"scroll\"><table><thead><tr><th>").append(escape(report.dimension()))
                .append("</th><th>Visitors</th><th>Share</th><th>Converters</th><th>Rate</th><th>95 % CI</th><th></th><th>vs all</th><th>Value / visitor</th></tr></thead><tbody>");
        for (ChannelReport.Segment s : report.segments()) {
            out.append("<tr data-segment=\"").append(escape(s.value())).append("\"><td>").append(escape(s.value())).append("</td>")
                    .append(cell(count(s.visitors()))).append(cell(percent(s.share()))).append(cell(count(s.converters())))
                    .append(cell(percent(s.rate()))).append(cell(percent(s.ciRate().get(0)) + " … " + percent(s.ciRate().get(1))))
                    .append("<td>").append(rateBar(s.rate(), s.ciRate(), scale)).append("</td>")
                    .append(cell(signedPercent(s.liftVsAll()))).append(cell(String.format(Locale.ROOT, "%.2f", s.valuePerVisitor())))
                    .append("</tr>");
        }
        return out.append("</tbody></table></div></section>").toString();
    }

    /** The rate as a dot on its interval, on a 0 … highest-upper-bound axis shared by the rows so they compare. */
    private static String rateBar(double rate, List<Double> ci, double scale) {
        double unit = scale <= 0 ? 0 : BAR_WIDTH / scale;
        double from = ci.get(0) * unit;
        double to = ci.get(1) * unit;
        return String.format(Locale.ROOT, "<svg width=\"%d\" height=\"12\" role=\"img\" aria-label=\"rate %s\">"
                        + "<line x1=\"0\" y1=\"6\" x2=\"%d\" y2=\"6\" stroke=\"#e5e7eb\"/><rect x=\"%.1f\" y=\"3\" width=\"%.1f\" height=\"6\" fill=\"#93c5fd\"/>"
                        + "<circle cx=\"%.1f\" cy=\"6\" r=\"2.5\" fill=\"#1e40af\"/></svg>", BAR_WIDTH, escape(percent(rate)), BAR_WIDTH, from,
                Math.max(1, to - from), rate * unit);
    }

    private static String cell(String text) {
        return "<td class=\"num\">" + escape(text) + "</td>";
    }
}
