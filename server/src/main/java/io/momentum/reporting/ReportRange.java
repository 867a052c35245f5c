package io.momentum.reporting;

import io.momentum.domain.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cohort periods a flywheel or funnel report covers: {@code period=week|month}, {@code from} and {@code to} as
 * dates (2026-06-01) or instants; {@code from} is moved back to the start of its period.
 */
public record ReportRange(Period period, Instant from, Instant to) {
    /** Periods shown when {@code from} is not given. */
    public static final int DEFAULT_PERIODS = 12;
    /** A longer range is a mistake (and a slow report). */
    public static final int MAX_PERIODS = 260;

    /** Parses the query parameters; fails with {@link InvalidInputException} naming the bad one. */
    public static ReportRange parse(Optional<String> period, Optional<String> from, Optional<String> to, Instant now) {
        Period p = period.map(text -> Period.fromWire(text).orElseThrow(() ->
                new InvalidInputException("period must be week or month, was \"" + printable(text) + "\""))).orElse(Period.WEEK);
        Instant end = to.map(text -> instant("to", text)).orElse(now);
        Instant start = from.map(text -> instant("from", text)).orElseGet(() -> {
            Instant s = p.start(end);
            for (int i = 1; i < DEFAULT_PERIODS; i++) {
                s = p.start(s.minusSeconds(1));
            }
            return s;
        });
        if (!start.isBefore(end)) {
            throw new InvalidInputException("from must be before to");
        }
        ReportRange range = new ReportRange(p, p.start(start), end);
        if (range.periods().size() - 1 > MAX_PERIODS) {
            throw new InvalidInputException("the range covers more than " + MAX_PERIODS + " periods; narrow from/to or use period=month");
        }
        return range;
    }

    /** The period starts, ascending, followed by the end of the last period. */
    public List<Instant> periods() {
        List<Instant> starts = new ArrayList<>();
        for (Instant s = from; s.isBefore(to) && starts.size() <= MAX_PERIODS; s = period.next(s)) {
            starts.add(s);
        }
        starts.add(period.next(starts.get(starts.size() - 1)));
        return starts;
    }

    private static Instant instant(String name, String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name + " must be a date (2026-06-01) or an instant (2026-06-01T00:00:00Z), was \""
                    + printable(text) + "\"");
        }
    }

    private static String printable(String value) {
        String clean = value.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}
