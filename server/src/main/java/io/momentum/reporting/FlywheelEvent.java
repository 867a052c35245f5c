package io.momentum.reporting;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One event of the durable log as the flywheel and funnel reports read it.
 *
 * @param name       the conversion's goal, or {@code survey} / {@code referral} for those event types (the goal
 *                   names the counters give them too)
 * @param valueMinor conversion value in minor units (cents)
 * @param score      survey score 0..10, if any
 * @param experiment the survey's or referral's experiment, if any
 * @param referrer   the advocate's code the visitor landed with, if any
 */
public record FlywheelEvent(String visitor, String name, Instant at, long valueMinor, OptionalInt score,
                            Optional<String> experiment, Optional<String> referrer) {
    public FlywheelEvent {
        Objects.requireNonNull(visitor, "visitor");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(at, "at");
    }

    /** A conversion without value, survey score or referrer. */
    public static FlywheelEvent of(String visitor, String name, Instant at) {
        return new FlywheelEvent(visitor, name, at, 0, OptionalInt.empty(), Optional.empty(), Optional.empty());
    }
}
