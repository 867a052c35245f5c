package io.momentum.alerts;

import java.time.Instant;

/**
 * The state a rule last saw for one experiment (or for the server), as stored for every server to share.
 *
 * @param key        {@code rule|experiment} ({@code rule|*} for the server-wide backlog)
 * @param state      what was observed, e.g. {@code winner}, {@code srm_detected}, {@code silent}, {@code ok}
 * @param alerting   whether the state is one that alerts
 * @param episode    increases with every change; with the key it names the alert of this state
 * @param since      when the state began
 * @param recorded   the episode whose alert and deliveries are stored (0: none yet)
 */
public record AlertState(String key, String state, boolean alerting, long episode, Instant since, long recorded) {

    /** The id of the alert this state fires: one per key and episode, so every server names it alike. */
    public String alertId() {
        return key + "|" + episode;
    }

    /** The next state, counted as a new episode. */
    AlertState next(String newState, boolean newAlerting, Instant now) {
        return new AlertState(key, newState, newAlerting, episode + 1, now, recorded);
    }

    static AlertState first(String key, String state, boolean alerting, Instant now) {
        return new AlertState(key, state, alerting, 1, now, 0);
    }
}
