package io.momentum.reporting;

import java.util.List;

/**
 * Which traffic converts: for one dimension (channel by default) and one goal, across all visitors (no experiment),
 * per value the visitors, converters, conversion rate with its Wilson interval and value, segments sorted by
 * visitors with {@code (other)} and {@code (none)} last. The segments add up to the totals.
 *
 * @param visitors               visitors whose source is known (exposed to at least one experiment)
 * @param unattributedConverters converters on the goal with no exposure in the log: their source is unknown, so
 *                               they are in no segment and in neither total
 */
public record ChannelReport(String dimension, String goal, long visitors, long converters, long conversions, Double rate,
                            List<Double> ciRate, double valueSum, List<Segment> segments, long unattributedConverters,
                            List<String> dimensions) {
    public ChannelReport {
        segments = List.copyOf(segments);
        dimensions = List.copyOf(dimensions);
    }

    /**
     * One value of the dimension.
     *
     * @param share        this value's share of the visitors
     * @param ciRate       Wilson score interval of the rate (95 %, or 1 - alpha)
     * @param liftVsAll    rate / overall rate - 1 (null when the overall rate is 0)
     * @param valueSum     the converters' conversion value (major units)
     * @param valuePerVisitor valueSum / visitors
     */
    public record Segment(String value, long visitors, double share, long converters, long conversions, double rate,
                          List<Double> ciRate, Double liftVsAll, double valueSum, double valuePerVisitor) {
        public Segment {
            ciRate = List.copyOf(ciRate);
        }
    }
}
