package io.momentum.reporting;

import java.time.LocalDate;
import java.util.List;

/**
 * Cumulative lift and p-value of the primary goal day by day (UTC days), one series per non-control
 * variant, for the dashboard's "over time" chart.
 */
public record Trend(String goal, List<Series> series) {
    public static Trend empty(String goal) {
        return new Trend(goal, List.of());
    }

    public Trend {
        series = List.copyOf(series);
    }

    /** One variant compared with the control, cumulated up to the end of each day. */
    public record Series(String variant, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /** The state at the end of {@code day}: cumulative exposures of the variant, lift and p-value vs control. */
    public record Point(LocalDate day, long exposures, Double lift, Double pValue) {
    }
}
