package io.momentum.reporting;

import io.momentum.experiment.FlywheelDefinition.Funnel;
import io.momentum.reporting.FunnelReport.PeriodSteps;
import io.momentum.reporting.FunnelReport.Step;
import io.momentum.reporting.VisitorTimelines.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A funnel from plain events. Pure. A visitor starts at their first event of step 0; they reach step i at the first
 * event of step i at or after the time they reached step i-1 and within the funnel window of the start, so a step
 * done before the previous one does not count.
 */
public final class FunnelCalculator {

    /** @param periods the period starts, ascending, followed by the end of the last period */
    public FunnelReport compute(Funnel funnel, Period period, List<FlywheelEvent> events, List<Instant> periods) {
        List<Instant[]> paths = new ArrayList<>();
        for (Timeline t : new VisitorTimelines(events).all()) {
            path(funnel, t).ifPresent(paths::add);
        }
        Instant from = periods.get(0);
        Instant to = periods.get(periods.size() - 1);
        List<PeriodSteps> series = new ArrayList<>();
        for (int p = 0; p + 1 < periods.size(); p++) {
            series.add(new PeriodSteps(periods.get(p), steps(funnel, paths, periods.get(p), periods.get(p + 1))));
        }
        return new FunnelReport(funnel.name(), funnel.steps(), funnel.window().toMillis() / 86_400_000.0, period, from, to,
                steps(funnel, paths, from, to), series);
    }

    /**
     * The funnel per value of a dimension, in order of the visitors at the first step (most first, then by value).
     *
     * @param values each visitor's value (absent: {@link io.momentum.experiment.Dimension#NONE})
     */
    public List<FunnelReport.Segment> segments(Funnel funnel, Period period, List<FlywheelEvent> events, List<Instant> periods,
                                               Map<String, String> values) {
        Map<String, List<FlywheelEvent>> byValue = new TreeMap<>();
        for (FlywheelEvent e : events) {
            byValue.computeIfAbsent(values.getOrDefault(e.visitor(), io.momentum.experiment.Dimension.NONE), v -> new ArrayList<>()).add(e);
        }
        List<FunnelReport.Segment> segments = new ArrayList<>();
        byValue.forEach((value, mine) -> {
            FunnelReport report = compute(funnel, period, mine, periods);
            segments.add(new FunnelReport.Segment(value, report.totals(), report.series()));
        });
        segments.sort(Comparator.comparingLong((FunnelReport.Segment s) -> -s.totals().get(0).visitors())
                .thenComparing(FunnelReport.Segment::value));
        return segments;
    }

    /** When the visitor reached each step (null from the first step not reached on), or empty if they never did step 0. */
    private static Optional<Instant[]> path(Funnel funnel, Timeline t) {
        Optional<Instant> start = t.first(funnel.steps().get(0));
        if (start.isEmpty()) {
            return Optional.empty();
        }
        Instant[] reached = new Instant[funnel.steps().size()];
        reached[0] = start.get();
        Instant last = start.get().plus(funnel.window());
        for (int i = 1; i < reached.length; i++) {
            Instant previous = reached[i - 1];
            reached[i] = t.events(funnel.steps().get(i)).stream().map(FlywheelEvent::at)
                    .filter(at -> !at.isBefore(previous) && !at.isAfter(last)).findFirst().orElse(null);
            if (reached[i] == null) {
                break;
            }
        }
        return Optional.of(reached);
    }

    private static List<Step> steps(Funnel funnel, List<Instant[]> paths, Instant from, Instant to) {
        List<Instant[]> cohort = paths.stream().filter(p -> VisitorTimelines.in(p[0], from, to)).toList();
        List<Step> steps = new ArrayList<>();
        long first = cohort.size();
        long previous = first;
        for (int i = 0; i < funnel.steps().size(); i++) {
            int step = i;
            List<Instant[]> reached = cohort.stream().filter(p -> p[step] != null).toList();
            long visitors = reached.size();
            Double median = i == 0 ? null : VisitorTimelines.median(reached.stream()
                    .map(p -> VisitorTimelines.days(p[step - 1], p[step])).toList());
            steps.add(new Step(funnel.steps().get(i), visitors, i == 0 ? null : VisitorTimelines.rate(visitors, previous),
                    VisitorTimelines.rate(visitors, first), i == 0 ? 0 : previous - visitors, median));
            previous = visitors;
        }
        return steps;
    }
}
