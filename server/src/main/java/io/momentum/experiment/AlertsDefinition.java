package io.momentum.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code alerts.yaml} says: where alerts go (destinations) and when they fire (rules). Secrets are references
 * (an environment variable or a file), resolved by the alerts feature when it sends, so the file can live in git.
 *
 * @param checkEvery how often the rules are evaluated and due deliveries sent
 */
public record AlertsDefinition(List<Destination> destinations, List<Rule> rules, Duration checkEvery) {
    /** Used when {@code check_every} is not set. */
    public static final Duration DEFAULT_CHECK_EVERY = Duration.ofMinutes(1);
    /** No alerts: what a directory without {@code alerts.yaml} means. */
    public static final AlertsDefinition NONE = new AlertsDefinition(List.of(), List.of(), DEFAULT_CHECK_EVERY);

    public AlertsDefinition {
        destinations = List.copyOf(destinations);
        rules = List.copyOf(rules);
    }

    public Optional<Destination> destination(String name) {
        return destinations.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The body a destination receives: Momentum's signed JSON, or a Slack-compatible incoming-webhook message. */
    public enum Format implements WireName {
        WEBHOOK, SLACK
    }

    /** What a rule watches. */
    public enum Condition implements WireName {
        /** The decision became one of the rule's {@code decisions} (winner, guardrail_violated, downstream_harm). */
        DECISION_REACHED,
        /** The sample-ratio-mismatch test flags the experiment. */
        SRM_DETECTED,
        /** A running experiment got no exposure for the rule's {@code for} duration. */
        NO_EXPOSURES,
        /** More acknowledged events than {@code above} wait for the MongoDB writer (one alert for the whole server). */
        EVENT_BACKLOG
    }

    /**
     * A secret kept out of the YAML: the value of an environment variable or the content of a file (trimmed).
     *
     * @param at where the reference is written, {@code file:line:column}, for the message when it cannot be resolved
     */
    public record SecretRef(Source source, String name, String at) {
        /** Where the secret comes from. */
        public enum Source implements WireName {
            ENV, FILE
        }

        /** How the YAML spells it, for messages: {@code secret_env MOMENTUM_SECRET}. */
        public String describe(String field) {
            return field + "_" + source.wire() + " " + name;
        }
    }

    /**
     * One place alerts are sent to.
     *
     * @param url    the URL written in the YAML, or the reference it is read from ({@code url_env}, {@code url_file})
     * @param secret the HMAC-SHA256 key of a webhook destination; empty for Slack, which does not verify signatures
     */
    public record Destination(String name, Format format, Optional<String> url, Optional<SecretRef> urlFrom, Optional<SecretRef> secret) {
    }

    /**
     * One rule. Fields that do not apply to its condition keep their defaults.
     *
     * @param decisions   for decision_reached: the decision statuses that alert
     * @param silence     for no_exposures: how long without an exposure
     * @param above       for event_backlog: the number of waiting events that is too many
     * @param experiments the experiment ids it watches; empty means every running experiment
     * @param rearmAfter  how long an alert's state must have lasted before a return to normal counts, so a state
     *                    that flickers at a boundary (or two servers a moment apart) does not alert twice
     */
    public record Rule(String name, Condition when, Set<String> decisions, Duration silence, long above,
                       Set<String> experiments, List<String> to, Duration rearmAfter) {
        /** The decision statuses a decision rule alerts on unless it lists its own. */
        public static final Set<String> DECISIONS = Set.of("winner", "guardrail_violated", "downstream_harm");
        public static final Duration DEFAULT_REARM_AFTER = Duration.ofHours(1);

        public Rule {
            decisions = Set.copyOf(decisions);
            experiments = Set.copyOf(experiments);
            to = List.copyOf(to);
        }

        public boolean watches(String experiment) {
            return experiments.isEmpty() || experiments.contains(experiment);
        }
    }
}
