package io.momentum.reporting;

import io.momentum.experiment.WireName;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/** The cohort periods of the flywheel and funnel reports, in UTC: ISO weeks (from Monday) and calendar months. */
public enum Period implements WireName {
    WEEK, MONTH;

    public static Optional<Period> fromWire(String name) {
        return WireName.parse(Period.class, name);
    }

    /** The start of the period containing {@code at}. */
    public Instant start(Instant at) {
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate start = this == WEEK ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : day.withDayOfMonth(1);
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The start of the period after the one starting at {@code start}. */
    public Instant next(Instant start) {
        LocalDate day = start.atZone(ZoneOffset.UTC).toLocalDate();
        return (this == WEEK ? day.plusWeeks(1) : day.plusMonths(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
