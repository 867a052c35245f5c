package io.momentum.reporting;

import java.time.Instant;
import java.util.List;

/**
 * One recorded look at an experiment's results: the mixture evidence of every comparison, the harms the
 * always-valid test saw (latched: a later look cannot undo them), the winner declared, if any, and for
 * fixed and bayesian experiments the frozen horizon and the decision made once at it.
 *
 * @param horizon  visitors per variant the fixed or bayesian experiment decides at; null until frozen
 * @param decision the decision made at the horizon (null before it, and for sequential experiments)
 */
public record Look(Instant at, List<Entry> evidence, List<Key> harms, String winner, Long horizon, DecisionStatus decision) {
    public Look {
        evidence = List.copyOf(evidence);
        harms = List.copyOf(harms);
    }

    /** One comparison: a variant against the control on one goal. */
    public record Key(String variant, String goal) {
    }

    /** The evidence of one comparison. */
    public record Entry(Key key, Evidence evidence) {
    }
}
