package io.momentum.reporting;

import io.momentum.experiment.Dimension;
import io.momentum.stats.Interval;
import io.momentum.stats.Proportion;
import io.momentum.stats.WilsonInterval;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The channel report from each visitor's first-touch value and the goal's converters (pure). */
public final class ChannelReportCalculator {
    private static final double MINOR_UNITS = 100.0;

    /** Bigger segments first; (other) and (none) last because they are leftovers, not sources; then by name. */
    private static final Comparator<ChannelReport.Segment> ORDER = Comparator
            .comparing((ChannelReport.Segment s) -> leftover(s.value()))
            .thenComparing(ChannelReport.Segment::visitors, Comparator.reverseOrder())
            .thenComparing(ChannelReport.Segment::value);

    /**
     * @param firstTouch visitor -> value of the dimension
     * @param converters visitor -> conversions on the goal (visitors not in {@code firstTouch} are unattributed)
     * @param dimensions the configured dimensions (echoed so a client can offer the others)
     */
    public ChannelReport compute(String dimension, String goal, double alpha, Map<String, String> firstTouch,
                                 Map<String, VisitorSources.Converted> converters, List<String> dimensions) {
        Map<String, long[]> cells = new HashMap<>(); // value -> visitors, converters, conversions, value minor
        firstTouch.forEach((visitor, value) -> {
            long[] cell = cells.computeIfAbsent(value, v -> new long[4]);
            cell[0]++;
            VisitorSources.Converted c = converters.get(visitor);
            if (c != null && c.conversions() > 0) {
                cell[1]++;
                cell[2] += c.conversions();
                cell[3] += c.valueMinor();
            }
        });
        long visitors = firstTouch.size();
        long converted = cells.values().stream().mapToLong(c -> c[1]).sum();
        long conversions = cells.values().stream().mapToLong(c -> c[2]).sum();
        long valueMinor = cells.values().stream().mapToLong(c -> c[3]).sum();
        Double overall = visitors == 0 ? null : (double) converted / visitors;
        List<ChannelReport.Segment> segments = new ArrayList<>();
        cells.forEach((value, c) -> {
            double rate = (double) c[1] / c[0];
            segments.add(new ChannelReport.Segment(value, c[0], (double) c[0] / visitors, c[1], c[2], rate,
                    interval(new Proportion(c[0], c[1]), alpha), overall == null || overall == 0 ? null : rate / overall - 1,
                    c[3] / MINOR_UNITS, c[3] / MINOR_UNITS / c[0]));
        });
        segments.sort(ORDER);
        long unattributed = converters.keySet().stream().filter(v -> !firstTouch.containsKey(v)).count();
        return new ChannelReport(dimension, goal, visitors, converted, conversions, overall,
                interval(new Proportion(visitors, converted), alpha), valueMinor / MINOR_UNITS, segments, unattributed, dimensions);
    }

    private static List<Double> interval(Proportion p, double alpha) {
        Interval ci = WilsonInterval.of(p, alpha);
        return ci == null ? null : List.of(ci.lower(), ci.upper());
    }

    private static boolean leftover(String value) {
        return Dimension.OTHER.equals(value) || Dimension.NONE.equals(value);
    }
}
