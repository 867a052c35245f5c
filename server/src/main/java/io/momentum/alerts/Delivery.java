package io.momentum.alerts;

import io.momentum.experiment.WireName;
import java.time.Instant;
import java.util.Optional;

/**
 * The sending of one alert to one destination.
 *
 * @param attempts   attempts started so far (a claimed attempt counts before it is sent)
 * @param nextAt     when the next attempt is due (while an attempt runs: when its claim expires); empty once delivered or failed
 * @param lastStatus the HTTP status of the last answer, if there was one
 */
public record Delivery(String id, String alertId, String destination, Status status, int attempts, Optional<Instant> nextAt,
                       Optional<Instant> deliveredAt, Optional<String> lastError, Optional<Integer> lastStatus) {

    /** Where a delivery stands. */
    public enum Status implements WireName {
        PENDING, DELIVERED, FAILED
    }

    static String id(String alertId, String destination) {
        return alertId + "|" + destination;
    }
}
