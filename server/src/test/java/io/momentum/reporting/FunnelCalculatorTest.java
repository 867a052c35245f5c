package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.momentum.experiment.FlywheelDefinition.Funnel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunnelCalculatorTest {
    private static final Funnel FUNNEL = new Funnel("buy", List.of("visit", "pricing_view", "trial_signup", "first_purchase"), Duration.ofDays(7));
    private static final Instant MONDAY = Instant.parse("2026-06-01T00:00:00Z");
    private static final List<Instant> TWO_WEEKS = List.of(MONDAY, MONDAY.plus(Duration.ofDays(7)), MONDAY.plus(Duration.ofDays(14)));

    /** 100 visit, 60 of them view pricing, 30 sign up, 10 buy, each an hour after the previous step; plus out-of-order and late visitors. */
    private static List<FlywheelEvent> events() {
        List<FlywheelEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Instant at = MONDAY.plus(Duration.ofHours(i));
            events.add(FlywheelEvent.of("v" + i, "visit", at));
            if (i < 60) {
                events.add(FlywheelEvent.of("v" + i, "pricing_view", at.plus(Duration.ofHours(1))));
            }
            if (i < 30) {
                events.add(FlywheelEvent.of("v" + i, "trial_signup", at.plus(Duration.ofHours(2))));
            }
            if (i < 10) {
                events.add(FlywheelEvent.of("v" + i, "first_purchase", at.plus(Duration.ofHours(3))));
            }
        }
        // signed up before viewing pricing: reaches pricing_view only
        events.add(FlywheelEvent.of("early", "visit", MONDAY));
        events.add(FlywheelEvent.of("early", "trial_signup", MONDAY.plus(Duration.ofHours(1))));
        events.add(FlywheelEvent.of("early", "pricing_view", MONDAY.plus(Duration.ofHours(2))));
        // viewed pricing eight days after the visit: outside the window
        events.add(FlywheelEvent.of("late", "visit", MONDAY));
        events.add(FlywheelEvent.of("late", "pricing_view", MONDAY.plus(Duration.ofDays(8))));
        return events;
    }

    @Test
    void countsEachStepInOrderWithinTheWindow() {
        FunnelReport report = new FunnelCalculator().compute(FUNNEL, Period.WEEK, events(), TWO_WEEKS);
        List<Long> visitors = report.totals().stream().map(FunnelReport.Step::visitors).toList();
        assertEquals(List.of(102L, 61L, 30L, 10L), visitors);
        assertEquals(List.of(0L, 41L, 31L, 20L), report.totals().stream().map(FunnelReport.Step::dropOff).toList());
        assertEquals(30.0 / 61, report.totals().get(2).conversionFromPrevious(), 1e-12);
        assertEquals(10.0 / 102, report.totals().get(3).conversionFromStart(), 1e-12);
        assertEquals(1.0 / 24, report.totals().get(3).medianDaysFromPrevious(), 1e-12);
    }

    @Test
    void cohortsByTheWeekOfTheFirstStep() {
        FunnelReport report = new FunnelCalculator().compute(FUNNEL, Period.WEEK, events(), TWO_WEEKS);
        assertEquals(102, report.series().get(0).steps().get(0).visitors());
        assertEquals(0, report.series().get(1).steps().get(0).visitors());
        assertEquals(null, report.series().get(1).steps().get(1).conversionFromPrevious());
    }
}
