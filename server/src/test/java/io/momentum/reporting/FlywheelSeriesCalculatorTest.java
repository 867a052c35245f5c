package io.momentum.reporting;

import static io.momentum.reporting.FlywheelSimulation.WINDOW;
import static io.momentum.reporting.FlywheelSimulation.in;
import static io.momentum.reporting.FlywheelSimulation.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.reporting.FlywheelSimulation.Truth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The calculator against a seeded simulation: every expected value is computed from the simulated visitors' truth. */
class FlywheelSeriesCalculatorTest {
    private static final double TOLERANCE = 1e-9;
    private static final Instant NOW = FlywheelSimulation.START.plus(Duration.ofDays(200));
    private static final FlywheelSimulation SIMULATION = new FlywheelSimulation(18, 3000);
    private static final List<Instant> WEEKS = FlywheelSimulation.weeks();
    private static final List<FlywheelSeries> REPORT = new FlywheelSeriesCalculator()
            .compute(FlywheelSimulation.FLYWHEEL, SIMULATION.events, WEEKS, NOW);

    @Test
    void activationCountsEachWeeksVisitorsAndTheirSignupsWithinTheWindow() {
        for (int w = 0; w < FlywheelSimulation.WEEKS; w++) {
            Instant from = WEEKS.get(w);
            Instant to = WEEKS.get(w + 1);
            FlywheelSeries.Point point = REPORT.get(0).series().get(w);
            long entered = count(t -> in(t.visit(), from, to));
            long converted = count(t -> in(t.visit(), from, to) && within(t.visit(), t.signup(), WINDOW));
            assertEquals(from, point.periodStart());
            assertEquals(entered, point.entered());
            assertEquals(converted, point.converted());
            close(rate(converted, entered), point.conversionRate());
            assertEquals(entered, point.added());
            assertEquals(count(t -> in(t.visit().plus(WINDOW), from, to) && !within(t.visit(), t.signup(), WINDOW)), point.lost());
            close(median(SIMULATION.visitors.stream().filter(t -> in(t.visit(), from, to) && within(t.visit(), t.signup(), WINDOW))
                    .map(t -> Duration.between(t.visit(), t.signup()).toMillis() / 86_400_000.0).toList()), point.medianDaysToConvert());
        }
    }

    @Test
    void frictionIsTheShareOfAStagesConvertersWhoConvertAtTheNextWithinTheWindow() {
        assertTrue(count(t -> t.signup() != null && t.upgrade() != null && !within(t.signup(), t.upgrade(), WINDOW)) > 0,
                "the simulation has upgrades after the window");
        for (int w = 0; w < FlywheelSimulation.WEEKS; w++) {
            Instant from = WEEKS.get(w);
            Instant to = WEEKS.get(w + 1);
            // activation -> adoption: signed up (within the window of the visit) this week, upgraded within the window of signing up
            Predicate<Truth> activated = t -> within(t.visit(), t.signup(), WINDOW) && in(t.signup(), from, to);
            close(rate(count(activated.and(t -> within(t.signup(), t.upgrade(), WINDOW))), count(activated)),
                    REPORT.get(0).series().get(w).toNextStageRate());
            // adoption -> adoration: upgraded this week (within the window of signing up), answered the survey within the window after
            Predicate<Truth> adopted = t -> within(t.signup(), t.upgrade(), WINDOW) && in(t.upgrade(), from, to);
            close(rate(count(adopted.and(t -> within(t.upgrade(), t.survey(), WINDOW))), count(adopted)),
                    REPORT.get(1).series().get(w).toNextStageRate());
            assertNull(REPORT.get(3).series().get(w).toNextStageRate(), "advocacy has no next stage");
        }
    }

    @Test
    void adoptionReachedValueAndAdorationRetentionArpuLtvAndNpsPerCohortWeek() {
        long upgradesBefore = 0;
        for (int w = 0; w < FlywheelSimulation.WEEKS; w++) {
            Instant from = WEEKS.get(w);
            Instant to = WEEKS.get(w + 1);
            long signups = count(t -> in(t.signup(), from, to));
            long reached = count(t -> in(t.signup(), from, to) && within(t.signup(), t.featureUsed(), Duration.ofDays(14)));
            assertEquals(reached, kpi(1, w, "reached_value").longValue());
            close(rate(reached, signups), kpi(1, w, "reached_value_rate"));

            Predicate<Truth> customer = t -> in(t.upgrade(), from, to);
            long customers = count(customer);
            long retained = count(customer.and(t -> activeAgain(t, t.featureUsed()) || activeAgain(t, t.login())));
            close(rate(retained, customers), kpi(2, w, "retention_rate"));
            upgradesBefore += customers;
            close(upgradesBefore == 0 ? null : customers * 49.0 / upgradesBefore, kpi(2, w, "arpu"));
            close(customers == 0 ? null : 49.0, kpi(2, w, "ltv_to_date"));

            Predicate<Truth> answered = t -> in(t.survey(), from, to);
            long answers = count(answered);
            long promoters = count(answered.and(t -> t.score() >= 9));
            long detractors = count(answered.and(t -> t.score() <= 6));
            assertEquals(answers, kpi(2, w, "nps_answers").longValue());
            close(answers == 0 ? null : 100.0 * (promoters - detractors) / answers, kpi(2, w, "nps"));
        }
    }

    @Test
    void kFactorIsActivatedReferredVisitorsPerAdvocate() {
        for (int w = 0; w < FlywheelSimulation.WEEKS; w++) {
            Instant from = WEEKS.get(w);
            Instant to = WEEKS.get(w + 1);
            Predicate<Truth> referred = t -> t.referrer() != null && in(t.visit(), from, to);
            long activated = count(referred.and(t -> within(t.visit(), t.signup(), WINDOW)));
            long advocates = count(t -> in(t.referral(), from, to));
            assertEquals(count(referred), kpi(3, w, "referred").longValue());
            assertEquals(activated, kpi(3, w, "referred_activated").longValue());
            assertEquals(advocates, kpi(3, w, "advocates").longValue());
            close(rate(activated, advocates), kpi(3, w, "k_factor"));
        }
        assertTrue(REPORT.get(3).series().stream().mapToLong(p -> kpiOf(p.kpis(), "referred").longValue()).sum() > 0);
    }

    @Test
    void cohortsAreUtcIsoWeeks() {
        List<Instant> weeks = List.of(Period.WEEK.start(Instant.parse("2026-06-07T23:59:59Z")), Period.WEEK.start(Instant.parse("2026-06-08T00:00:00Z")),
                Period.MONTH.start(Instant.parse("2026-06-30T23:59:59Z")), Period.MONTH.next(Instant.parse("2026-12-01T00:00:00Z")));
        assertEquals(List.of(Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-06-08T00:00:00Z"),
                Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")), weeks);
    }

    @Test
    void aVisitorWhoseWindowHasNotRunOutIsNotLostYet() {
        Instant visit = Instant.parse("2026-06-01T10:00:00Z");
        List<FlywheelEvent> events = List.of(FlywheelEvent.of("a", "visit", visit));
        List<Instant> periods = List.of(Instant.parse("2026-06-29T00:00:00Z"), Instant.parse("2026-07-06T00:00:00Z"));
        FlywheelSeriesCalculator calculator = new FlywheelSeriesCalculator();
        assertEquals(0, calculator.compute(FlywheelSimulation.FLYWHEEL, events, periods, visit.plus(Duration.ofDays(29)))
                .get(0).series().get(0).lost());
        assertEquals(1, calculator.compute(FlywheelSimulation.FLYWHEEL, events, periods, visit.plus(Duration.ofDays(31)))
                .get(0).series().get(0).lost());
    }

    /** Equal within 1e-9, or both undefined (null). */
    private static void close(Double expected, Number actual) {
        if (expected == null) {
            assertNull(actual);
        } else {
            assertEquals(expected, actual.doubleValue(), TOLERANCE);
        }
    }

    private static boolean activeAgain(Truth t, Instant active) {
        return active != null && active.isAfter(t.upgrade()) && !active.isAfter(t.upgrade().plus(FlywheelSimulation.RETENTION));
    }

    private static Number kpi(int stage, int week, String name) {
        return kpiOf(REPORT.get(stage).series().get(week).kpis(), name);
    }

    private static Number kpiOf(List<FlywheelSeries.Kpi> kpis, String name) {
        return kpis.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no kpi " + name)).value();
    }

    private static long count(Predicate<Truth> predicate) {
        return SIMULATION.visitors.stream().filter(predicate).count();
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
