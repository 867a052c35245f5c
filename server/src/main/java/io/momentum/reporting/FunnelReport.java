package io.momentum.reporting;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/funnels/{name}}: per step, how many visitors got there in order within the window, in total and per cohort period. */
public record FunnelReport(String name, List<String> steps, double windowDays, Period period, Instant from, Instant to,
                           List<Step> totals, List<PeriodSteps> series) {
    public FunnelReport {
        steps = List.copyOf(steps);
        totals = List.copyOf(totals);
        series = List.copyOf(series);
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
