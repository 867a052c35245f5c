package io.momentum.reporting;

import java.time.Instant;
import java.util.List;

/**
 * What the event log says about one flywheel stage over a range of cohort periods.
 *
 * @param kpis            the stage's KPIs over the whole range
 * @param toNextStageRate over the whole range: of the visitors who converted at this stage, the share who converted at
 *                        the next one within the window; null for advocacy and when nobody converted
 */
public record FlywheelSeries(List<Kpi> kpis, Double toNextStageRate, List<Point> series) {
    public FlywheelSeries {
        kpis = List.copyOf(kpis);
        series = List.copyOf(series);
    }

    /** A named KPI value (null when undefined, e.g. a rate of nobody) and what it means. */
    public record Kpi(String name, Number value, String definition) {
    }

    /**
     * One cohort period.
     *
     * @param entered              visitors whose first entered event is in the period
     * @param converted            of those, who did the converted event within the window of entering
     * @param conversionRate       converted / entered
     * @param toNextStageRate      of the visitors whose conversion here is in the period, the share who converted at the
     *                             next stage within the window of it
     * @param medianDaysToConvert  median days from entering to converting, of the converted
     * @param added                visitors who reached the stage in the period (= entered)
     * @param lost                 visitors whose window ran out in the period without converting
     */
    public record Point(Instant periodStart, long entered, long converted, Double conversionRate, Double toNextStageRate,
                        Double medianDaysToConvert, long added, long lost, List<Kpi> kpis) {
        public Point {
            kpis = List.copyOf(kpis);
        }
    }
}
