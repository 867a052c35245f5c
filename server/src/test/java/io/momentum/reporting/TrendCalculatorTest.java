package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendCalculatorTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);

    @Test
    void cumulatesDailyCohortsAndKeepsTheAlwaysValidPValueAsARunningMinimum() {
        List<DailyCohort> cohorts = List.of(
                new DailyCohort(DAY, "control", 1000, 100), new DailyCohort(DAY, "benefit", 1000, 140),
                new DailyCohort(DAY.plusDays(1), "control", 1000, 100), new DailyCohort(DAY.plusDays(1), "benefit", 1000, 100),
                new DailyCohort(DAY.plusDays(2), "control", 1000, 100), new DailyCohort(DAY.plusDays(2), "benefit", 1000, 130));
        Trend trend = new TrendCalculator().trend(TestExperiments.landingPage("trend"), cohorts);
        List<Trend.Point> points = trend.series().get(0).points();
        assertEquals(3, points.size());
        assertEquals(0.4, points.get(0).lift(), 1e-12);
        assertEquals(0.2, points.get(1).lift(), 1e-12, "cumulative: 240/2000 vs 200/2000");
        assertEquals(3000, points.get(2).exposures());
        assertTrue(points.get(1).pValue() <= points.get(0).pValue() && points.get(2).pValue() <= points.get(1).pValue(),
                "always-valid p never rises: " + points);
    }
}
