package io.momentum.reporting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The events of each visitor by name, oldest first: what the flywheel and funnel calculators query. */
final class VisitorTimelines {
    private final Map<String, Timeline> visitors = new LinkedHashMap<>();

    VisitorTimelines(List<FlywheelEvent> events) {
        events.stream().sorted(Comparator.comparing(FlywheelEvent::at))
                .forEach(e -> visitors.computeIfAbsent(e.visitor(), v -> new Timeline()).add(e));
    }

    Collection<Timeline> all() {
        return visitors.values();
    }

    /** Each visitor's timeline, in the order of their first event. */
    Map<String, Timeline> byVisitor() {
        return visitors;
    }

    /** One visitor's events. */
    static final class Timeline {
        private final Map<String, List<FlywheelEvent>> byName = new HashMap<>();
        private FlywheelEvent referred;

        private void add(FlywheelEvent event) {
            byName.computeIfAbsent(event.name(), n -> new ArrayList<>()).add(event);
            if (referred == null && event.referrer().isPresent()) {
                referred = event;
            }
        }

        List<FlywheelEvent> events(String name) {
            return byName.getOrDefault(name, List.of());
        }

        Optional<Instant> first(String name) {
            List<FlywheelEvent> events = events(name);
            return events.isEmpty() ? Optional.empty() : Optional.of(events.get(0).at());
        }

        /** The first {@code name} at or after {@code from} and at most {@code window} after it. */
        Optional<Instant> firstWithin(String name, Instant from, Duration window) {
            Instant last = from.plus(window);
            return events(name).stream().map(FlywheelEvent::at).filter(t -> !t.isBefore(from) && !t.isAfter(last)).findFirst();
        }

        /** The first event that carried a referrer: when and by whose code the visitor landed. */
        Optional<FlywheelEvent> referred() {
            return Optional.ofNullable(referred);
        }
    }

    /** The median, or null for no values. */
    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double days(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 86_400_000.0;
    }

    static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    static boolean in(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && t.isBefore(to);
    }
}
