package io.momentum.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.momentum.experiment.AlertsDefinition;
import io.momentum.experiment.AlertsReader;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.ExperimentReader;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.MutableClock;
import io.momentum.reporting.SeededServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rules' state machine on an in-memory store and an injected clock: once per state change, re-armed after rearm_after. */
class AlertEvaluatorTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final MemoryStore store = new MemoryStore();
    private final AtomicLong waiting = new AtomicLong();
    private final Map<String, Instant> lastExposure = new HashMap<>();
    private final AlertEvaluator evaluator = new AlertEvaluator(store, id -> Optional.ofNullable(lastExposure.get(id)), waiting::get, clock);

    private static AlertsDefinition alerts(String rule) {
        return AlertsReader.read("destinations: [ { name: ops, format: slack, url: \"https://chat.example.com/x\" } ]\nrules:\n  - " + rule + "\n",
                "alerts.yaml").alerts().orElseThrow();
    }

    @Test
    void aHighBacklogAlertsOnceAndAgainOnlyAfterItClearedPastRearm() {
        AlertsDefinition backlog = alerts("{ name: backlog, when: event_backlog, above: 100, to: [ops], rearm_after: 1h }");
        waiting.set(50);
        assertEquals(List.of(), states(evaluate(backlog)));
        waiting.set(101);
        assertEquals(List.of("backlog|*|2 high"), states(evaluate(backlog)));
        assertEquals(List.of(), states(evaluate(backlog)), "still high: no second alert");
        waiting.set(0);
        clock.advance(Duration.ofMinutes(59));
        evaluate(backlog);
        assertEquals("high", store.state("backlog|*").orElseThrow().state(), "a drop within rearm_after does not count yet");
        waiting.set(500);
        assertEquals(List.of(), states(evaluate(backlog)), "so this is the same episode");
        waiting.set(0);
        clock.advance(Duration.ofMinutes(2));
        evaluate(backlog);
        assertEquals("ok", store.state("backlog|*").orElseThrow().state());
        waiting.set(500);
        assertEquals(List.of("backlog|*|4 high"), states(evaluate(backlog)));
        assertEquals(List.of("backlog|*|2", "backlog|*|4"), store.alerts.keySet().stream().toList());
        assertEquals(2, store.deliveries.size(), "one delivery per alert and destination");
    }

    @Test
    void silenceCountsFromTheLastExposureAndAFirstLookAtAnUnexposedExperimentIsNotAnAlarm() {
        AlertsDefinition silent = alerts("{ name: silent, when: no_exposures, for: 6h, to: [ops] }");
        CatalogSnapshot running = snapshot("running");
        assertEquals(List.of(), states(evaluator.evaluate(silent, running, Map.of())), "never exposed: counts from now");
        clock.advance(Duration.ofHours(5));
        lastExposure.put("hero", clock.instant());
        assertEquals(List.of(), states(evaluator.evaluate(silent, running, Map.of())));
        clock.advance(Duration.ofHours(6));
        assertEquals(List.of("silent|hero|2 silent"), states(evaluator.evaluate(silent, running, Map.of())));
    }

    @Test
    void aPausedExperimentIsNotSilentAndOnResumingTheSilenceCountsFromThen() {
        AlertsDefinition silent = alerts("{ name: silent, when: no_exposures, for: 6h, to: [ops] }");
        lastExposure.put("hero", T0.minus(Duration.ofDays(3)));
        assertEquals(List.of(), states(evaluator.evaluate(silent, snapshot("paused"), Map.of())));
        assertEquals(List.of(), states(evaluator.evaluate(silent, snapshot("running"), Map.of())), "just resumed");
        clock.advance(Duration.ofHours(5));
        assertEquals(List.of(), states(evaluator.evaluate(silent, snapshot("running"), Map.of())));
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of("silent|hero|3 silent"), states(evaluator.evaluate(silent, snapshot("running"), Map.of())));
    }

    private List<Alert> evaluate(AlertsDefinition alerts) {
        return evaluator.evaluate(alerts, snapshot("running"), Map.of());
    }

    private CatalogSnapshot snapshot(String status) {
        Experiment hero = ExperimentReader.read(SeededServer.landingPage("hero", "Hero", status, ""), "hero.yaml").experiment().orElseThrow();
        return new CatalogSnapshot(Map.of("hero", hero), FlywheelDefinition.DEFAULT, List.of(), 1, clock.instant());
    }

    private static List<String> states(List<Alert> fired) {
        return fired.stream().map(a -> a.id() + " " + a.state()).toList();
    }

    /** The store's contract in memory, single-threaded. */
    private static final class MemoryStore implements AlertStore {
        final Map<String, AlertState> states = new HashMap<>();
        final Map<String, Alert> alerts = new LinkedHashMap<>();
        final Map<String, Delivery> deliveries = new LinkedHashMap<>();

        @Override
        public Optional<AlertState> state(String key) {
            return Optional.ofNullable(states.get(key));
        }

        @Override
        public boolean change(Optional<AlertState> expected, AlertState next) {
            AlertState now = states.get(next.key());
            if (expected.map(AlertState::episode).orElse(0L) != (now == null ? 0L : now.episode())) {
                return false;
            }
            states.put(next.key(), next);
            return true;
        }

        @Override
        public boolean record(AlertState state, Alert alert, List<String> destinations, Instant now) {
            boolean stored = alerts.putIfAbsent(alert.id(), alert) == null;
            destinations.forEach(d -> deliveries.putIfAbsent(Delivery.id(alert.id(), d), new Delivery(Delivery.id(alert.id(), d), alert.id(), d,
                    Delivery.Status.PENDING, 0, Optional.of(now), Optional.empty(), Optional.empty(), Optional.empty())));
            AlertState current = states.get(state.key());
            if (current.episode() == state.episode()) {
                states.put(state.key(), new AlertState(current.key(), current.state(), current.alerting(), current.episode(), current.since(),
                        state.episode()));
            }
            return stored;
        }

        @Override
        public Optional<Claim> claimDue(Instant now, Duration lease) {
            return Optional.empty();
        }

        @Override
        public void delivered(String deliveryId, Instant at, int status) {
        }

        @Override
        public void attemptFailed(String deliveryId, Optional<Instant> next, String error, Optional<Integer> status) {
        }

        @Override
        public List<Listed> recent(int limit) {
            return new ArrayList<>();
        }
    }
}
