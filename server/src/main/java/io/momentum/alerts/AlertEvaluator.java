package io.momentum.alerts;

import io.momentum.experiment.AlertsDefinition;
import io.momentum.experiment.AlertsDefinition.Condition;
import io.momentum.experiment.AlertsDefinition.Rule;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Status;
import io.momentum.reporting.ExperimentResults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Turns what the rules see into stored state changes: each rule's state per experiment is observed, a change is
 * written with a compare-and-set (so of several servers exactly one records it), and a change into an alerting state
 * stores one alert with a pending delivery per destination. Blocking: runs on a worker thread.
 */
final class AlertEvaluator {
    /** The experiment part of the key of a server-wide rule. */
    static final String SERVER = "*";
    static final String OK = "ok";
    static final String NOT_RUNNING = "not_running";
    static final String SILENT = "silent";
    static final String NONE = "none";
    static final String HIGH = "high";

    private final AlertStore store;
    private final ExposureActivity exposures;
    private final LongSupplier backlog;
    private final Clock clock;

    AlertEvaluator(AlertStore store, ExposureActivity exposures, LongSupplier backlog, Clock clock) {
        this.store = store;
        this.exposures = exposures;
        this.backlog = backlog;
        this.clock = clock;
    }

    /** What one rule sees for one experiment now. */
    private record Observation(Rule rule, String experiment, String state, boolean alerting, String summary, Map<String, Object> details) {
        String key() {
            return rule.name() + "|" + experiment;
        }
    }

    /** The experiments the rules look at: those set to running (also past their end, whose decision is frozen). */
    static List<Experiment> watched(CatalogSnapshot snapshot) {
        return snapshot.experiments().values().stream().filter(e -> e.status() == Status.RUNNING).toList();
    }

    /**
     * Evaluates every rule; {@code results} holds the results of the watched experiments that could be computed.
     * Returns the alerts this evaluation stored (not those another server stored first).
     */
    List<Alert> evaluate(AlertsDefinition alerts, CatalogSnapshot snapshot, Map<String, ExperimentResults> results) {
        Instant now = clock.instant();
        List<Alert> fired = new ArrayList<>();
        for (Rule rule : alerts.rules()) {
            if (rule.when() == Condition.EVENT_BACKLOG) {
                long waiting = backlog.getAsLong();
                boolean high = waiting > rule.above();
                settle(new Observation(rule, SERVER, high ? HIGH : OK, high,
                        "event backlog: " + waiting + " events wait for MongoDB (alert above " + rule.above() + ")",
                        Map.of("waiting", waiting, "above", rule.above())), now).ifPresent(fired::add);
                continue;
            }
            // The silence rule also sees paused and not yet started experiments, so that it knows when one resumes.
            List<Experiment> experiments = rule.when() == Condition.NO_EXPOSURES ? List.copyOf(snapshot.experiments().values()) : watched(snapshot);
            for (Experiment experiment : experiments) {
                if (!rule.watches(experiment.id())) {
                    continue;
                }
                Optional<Observation> seen = switch (rule.when()) {
                    case DECISION_REACHED -> Optional.ofNullable(results.get(experiment.id())).map(r -> decision(rule, experiment, r));
                    case SRM_DETECTED -> Optional.ofNullable(results.get(experiment.id())).map(r -> srm(rule, experiment, r));
                    case NO_EXPOSURES -> Optional.of(silence(rule, experiment, snapshot, now));
                    case EVENT_BACKLOG -> Optional.empty();
                };
                seen.flatMap(o -> settle(o, now)).ifPresent(fired::add);
            }
        }
        return fired;
    }

    private static Observation decision(Rule rule, Experiment experiment, ExperimentResults results) {
        ExperimentResults.Decision decision = results.decision();
        String status = decision.status().wire();
        boolean alerting = rule.decisions().contains(status);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", experiment.name());
        details.put("decision", status);
        details.put("winner", decision.winner());
        details.put("reasons", decision.reasons());
        details.put("primary_goal", results.primaryGoal());
        String what = switch (status) {
            case "winner" -> "winner " + decision.winner();
            case "guardrail_violated" -> "a guardrail is violated";
            case "downstream_harm" -> "it harms a later flywheel stage";
            default -> status.replace('_', ' ');
        };
        String reason = decision.reasons().isEmpty() ? "" : " (" + decision.reasons().get(0) + ")";
        return new Observation(rule, experiment.id(), alerting ? status : NONE, alerting,
                experiment.id() + " (" + experiment.name() + "): " + what + reason, details);
    }

    private static Observation srm(Rule rule, Experiment experiment, ExperimentResults results) {
        ExperimentResults.Srm srm = results.srm();
        Map<String, Object> exposures = new LinkedHashMap<>();
        results.variants().forEach(v -> exposures.put(v.key(), v.exposures()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", experiment.name());
        details.put("p_value", srm.pValue());
        details.put("threshold", srm.threshold());
        details.put("exposures", exposures);
        return new Observation(rule, experiment.id(), srm.detected() ? "srm_detected" : OK, srm.detected(),
                experiment.id() + " (" + experiment.name() + "): sample ratio mismatch, exposures " + exposures
                        + " do not match the configured weights (p = " + String.format(java.util.Locale.ROOT, "%.2g", srm.pValue()) + "); check the tracking before trusting any result",
                details);
    }

    /**
     * Silent when the latest exposure, the {@code start}, and the moment the experiment was last seen running normally
     * (after a pause or a first look) are all longer ago than the rule's {@code for}.
     */
    private Observation silence(Rule rule, Experiment experiment, CatalogSnapshot snapshot, Instant now) {
        String key = rule.name() + "|" + experiment.id();
        if (!snapshot.running(experiment)) {
            return new Observation(rule, experiment.id(), NOT_RUNNING, false, experiment.id() + " is not running", Map.of());
        }
        Optional<AlertState> previous = store.state(key);
        if (previous.isPresent() && previous.get().state().equals(NOT_RUNNING)) {
            return new Observation(rule, experiment.id(), OK, false, experiment.id() + " runs again", Map.of());
        }
        Optional<Instant> last = exposures.lastExposure(experiment.id());
        Instant reference = latest(last, experiment.start(), previous.filter(p -> p.state().equals(OK)).map(AlertState::since));
        // Never seen and never exposed: the silence counts from this first look (stored as the ok state's since).
        boolean silent = reference != null && !reference.plus(rule.silence()).isAfter(now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", experiment.name());
        details.put("last_exposure", last.map(Instant::toString).orElse(null));
        details.put("for", rule.silence().toString());
        String since = last.map(t -> "since " + t).orElse("ever");
        return new Observation(rule, experiment.id(), silent ? SILENT : OK, silent, experiment.id() + " (" + experiment.name()
                + "): running but no exposure " + since + " (alert after " + hours(rule.silence()) + "); is the snippet still on the page?",
                details);
    }

    @SafeVarargs
    private static Instant latest(Optional<Instant>... candidates) {
        Instant latest = null;
        for (Optional<Instant> candidate : candidates) {
            if (candidate.isPresent() && (latest == null || candidate.get().isAfter(latest))) {
                latest = candidate.get();
            }
        }
        return latest;
    }

    private static String hours(Duration d) {
        return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    /** Records the observation's state if it changed and, if it alerts, its alert (once); returns the alert if this call stored it. */
    private Optional<Alert> settle(Observation seen, Instant now) {
        Optional<AlertState> current = store.state(seen.key());
        if (changes(current, seen, now)) {
            AlertState next = current.map(c -> c.next(seen.state(), seen.alerting(), now))
                    .orElseGet(() -> AlertState.first(seen.key(), seen.state(), seen.alerting(), now));
            current = store.change(current, next) ? Optional.of(next) : store.state(seen.key());
        }
        if (current.isEmpty() || !current.get().alerting() || current.get().recorded() == current.get().episode()) {
            return Optional.empty();
        }
        // Also reached when a server stopped between the change and the alert: the next evaluation completes it.
        AlertState state = current.get();
        boolean sameState = state.state().equals(seen.state());
        Alert alert = new Alert(state.alertId(), seen.rule().name(), seen.rule().when(), seen.experiment().equals(SERVER) ? "" : seen.experiment(),
                state.state(), state.since(), sameState ? seen.summary() : seen.experiment() + ": " + state.state(),
                sameState ? seen.details() : Map.of());
        return store.record(state, alert, seen.rule().to(), now) ? Optional.of(alert) : Optional.empty();
    }

    /**
     * A new state counts at once when it alerts or follows a normal state; a return to normal counts only once the
     * alerting state is {@code rearm_after} old, so a flicker (or a server a moment behind another) does not alert twice.
     */
    private static boolean changes(Optional<AlertState> current, Observation seen, Instant now) {
        if (current.isEmpty()) {
            return true;
        }
        AlertState state = current.get();
        if (state.state().equals(seen.state())) {
            return false;
        }
        return seen.alerting() || !state.alerting() || !state.since().plus(seen.rule().rearmAfter()).isAfter(now);
    }
}
