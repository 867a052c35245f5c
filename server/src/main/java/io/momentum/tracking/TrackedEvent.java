package io.momentum.tracking;

import io.momentum.assign.Exposure;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One validated event, ready for the counters and the log.
 *
 * @param id          idempotency key (client-made, or made by the server)
 * @param experiment  for exposure, survey and referral events
 * @param goal        for conversion events
 * @param valueMinor  conversion value in minor units (cents), 0 when absent
 * @param score       survey score 0..10, if given
 * @param choice      survey choice, if given
 * @param at          when it happened (client time inside the accepted window, otherwise server time)
 * @param variant     the variant already known at the source (server-logged exposures); otherwise resolved at ingest
 * @param attributes  visitor attributes of an exposure (the dimension values come from them); empty otherwise
 * @param referrer    the advocate's referral code the visitor landed with ({@code ref}), if any
 * @param token       the exposure token of a client-sent exposure ({@link io.momentum.assign.ExposureTokens})
 * @param fromServer  a backend sent it with the ingest key ({@code source: server}): it may count for server-only
 *                    goals, and its exposures need no token
 */
public record TrackedEvent(String id, EventType type, String visitor, Optional<String> experiment, Optional<String> goal,
                           long valueMinor, OptionalInt score, Optional<String> choice, Instant at,
                           Optional<String> variant, Map<String, String> attributes, Optional<String> referrer,
                           Optional<String> token, boolean fromServer) {

    public TrackedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(visitor, "visitor");
        Objects.requireNonNull(at, "at");
        attributes = Map.copyOf(attributes);
        if (valueMinor < 0) {
            throw new IllegalArgumentException("value must be >= 0, was " + valueMinor);
        }
        if (type == EventType.CONVERSION ? goal.isEmpty() : experiment.isEmpty()) {
            throw new IllegalArgumentException(type.wire() + " event " + id + " lacks its " +
                    (type == EventType.CONVERSION ? "goal" : "experiment"));
        }
    }

    /** An event without attributes or a referral code. */
    public TrackedEvent(String id, EventType type, String visitor, Optional<String> experiment, Optional<String> goal,
                        long valueMinor, OptionalInt score, Optional<String> choice, Instant at, Optional<String> variant) {
        this(id, type, visitor, experiment, goal, valueMinor, score, choice, at, variant, Map.of(), Optional.empty(), Optional.empty(), false);
    }

    /** An event with attributes and no referral code. */
    public TrackedEvent(String id, EventType type, String visitor, Optional<String> experiment, Optional<String> goal,
                        long valueMinor, OptionalInt score, Optional<String> choice, Instant at, Optional<String> variant,
                        Map<String, String> attributes) {
        this(id, type, visitor, experiment, goal, valueMinor, score, choice, at, variant, attributes, Optional.empty(), Optional.empty(), false);
    }

    /** The same event with the referral code it carried. */
    public TrackedEvent withReferrer(Optional<String> code) {
        return new TrackedEvent(id, type, visitor, experiment, goal, valueMinor, score, choice, at, variant, attributes, code, token, fromServer);
    }

    /** The same event with the exposure token it carried. */
    public TrackedEvent withToken(Optional<String> exposureToken) {
        return new TrackedEvent(id, type, visitor, experiment, goal, valueMinor, score, choice, at, variant, attributes, referrer,
                exposureToken, fromServer);
    }

    /** The same event, sent by a backend with the ingest key. */
    public TrackedEvent asServerSent() {
        return new TrackedEvent(id, type, visitor, experiment, goal, valueMinor, score, choice, at, variant, attributes, referrer,
                token, true);
    }

    /** A server-logged exposure whose variant the assignment already decided. */
    public static TrackedEvent exposure(String id, Exposure exposure) {
        return new TrackedEvent(id, EventType.EXPOSURE, exposure.visitorId(), Optional.of(exposure.experimentId()),
                Optional.empty(), 0, OptionalInt.empty(), Optional.empty(), exposure.at(), Optional.of(exposure.variantKey()),
                exposure.attributes());
    }
}
