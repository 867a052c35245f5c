package io.momentum.reporting;

import java.util.Map;

/**
 * Where each visitor came from and who converted on a goal, across all experiments: what the channel report reads
 * (tracking implements it on the MongoDB log). Blocking: worker threads only.
 */
public interface VisitorSources {
    /**
     * Visitor -> their value of {@code dimension}, as fixed at their earliest exposure to any experiment (first touch:
     * the snippet sends the first-touch source with every exposure). Visitors never exposed are not in it.
     */
    Map<String, String> firstTouch(String dimension);

    /** Visitor -> their conversions on {@code goal}, for every visitor with at least one. */
    Map<String, Converted> converters(String goal);

    /** One visitor's conversions on a goal and their total value in minor units (cents). */
    record Converted(long conversions, long valueMinor) {
        public Converted plus(long value) {
            return new Converted(conversions + 1, valueMinor + value);
        }
    }
}
