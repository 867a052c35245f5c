package io.momentum.alerts;

import io.momentum.experiment.AlertsDefinition.Condition;
import java.time.Instant;
import java.util.Map;

/**
 * One alert: a rule's state change that alerts, stored once however many servers saw it.
 *
 * @param experiment the experiment id; empty for the server-wide event backlog
 * @param details    plain values (text, numbers, booleans, lists of text) that the webhook payload carries
 */
public record Alert(String id, String rule, Condition condition, String experiment, String state, Instant firedAt,
                    String summary, Map<String, Object> details) {
    public Alert {
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }
}
