package io.momentum.reporting;

import java.time.Instant;
import java.util.List;

/**
 * One recorded look at an experiment's results: the mixture evidence of every comparison, the harms the
 * always-valid test saw (latched: a later look cannot undo them) and the winner declared, if any.
 */
public record Look(Instant at, List<Entry> evidence, List<Key> harms, String winner) {
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
