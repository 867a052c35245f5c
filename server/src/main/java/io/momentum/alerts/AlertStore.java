package io.momentum.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where alert states, alerts and deliveries are kept so that several servers and restarts agree (tracking implements it
 * on MongoDB). Every change is a compare-and-set or an insert of a unique id, never a read-then-write. Blocking.
 */
public interface AlertStore {
    Optional<AlertState> state(String key);

    /**
     * Replaces {@code expected} (empty: there is no state yet) by {@code next}; false when another server changed the
     * state first (the caller reads it again).
     */
    boolean change(Optional<AlertState> expected, AlertState next);

    /**
     * Stores the alert and a pending delivery to each destination, each at most once (an id already stored is kept as
     * it is), then marks {@code state}'s episode as recorded. True when this call stored the alert (false: another
     * server or an earlier evaluation had).
     */
    boolean record(AlertState state, Alert alert, List<String> destinations, Instant now);

    /**
     * Claims one pending delivery due at {@code now} for {@code lease}: its attempt count goes up and it is not due again
     * until the lease ends, so no other server sends it meanwhile.
     */
    Optional<Claim> claimDue(Instant now, Duration lease);

    /** A claimed delivery with its alert. */
    record Claim(Delivery delivery, Alert alert) {
    }

    void delivered(String deliveryId, Instant at, int status);

    /** The attempt failed; the delivery is due again at {@code next}, or {@code failed} for good when {@code next} is empty. */
    void attemptFailed(String deliveryId, Optional<Instant> next, String error, Optional<Integer> status);

    /** The newest alerts first, each with its deliveries. */
    List<Listed> recent(int limit);

    /** An alert as {@code GET /v1/alerts} lists it. */
    record Listed(Alert alert, List<Delivery> deliveries) {
    }
}
