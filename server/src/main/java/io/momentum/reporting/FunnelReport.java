package io.momentum.reporting;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/funnels/{name}}: per step, how many visitors got there in order within the window, in total and per cohort period. */
public record FunnelReport(String name, List<String> steps, double windowDays, Period period, Instant from, Instant to,
                           List<Step> totals, List<PeriodSteps> series,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String dimension,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<Segment> segments) {
    public FunnelReport {
        steps = List.copyOf(steps);
        totals = List.copyOf(totals);
        series = List.copyOf(series);
        segments = segments == null ? null : List.copyOf(segments);
    }

    public FunnelReport(String name, List<String> steps, double windowDays, Period period, Instant from, Instant to, List<Step> totals,
                        List<PeriodSteps> series) {
        this(name, steps, windowDays, period, from, to, totals, series, null, null);
    }

    /** The same funnel broken down by {@code dimension}. */
    public FunnelReport withSegments(String dimension, List<Segment> segments) {
        return new FunnelReport(name, steps, windowDays, period, from, to, totals, series, dimension, segments);
    }

    /** The funnel of the visitors with one value of the dimension. */
    public record Segment(String value, List<Step> totals, List<PeriodSteps> series) {
        public Segment {
            totals = List.copyOf(totals);
            series = List.copyOf(series);
        }
    }

    /**
     * One step.
     *
     * @param visitors                 visitors who did this step after the previous ones, within the window of the first
     * @param conversionFromPrevious   visitors / the previous step's visitors (null for the first step or none before)
     * @param conversionFromStart      visitors / the first step's visitors
     * @param dropOff                  the previous step's visitors who did not get here (0 for the first step)
     * @param medianDaysFromPrevious   median time from the previous step, in days
     */
    public record Step(String event, long visitors, Double conversionFromPrevious, Double conversionFromStart, long dropOff,
                       Double medianDaysFromPrevious) {
    }

    /** The steps of the visitors whose first step is in the period. */
    public record PeriodSteps(Instant periodStart, List<Step> steps) {
        public PeriodSteps {
            steps = List.copyOf(steps);
        }
    }
}
