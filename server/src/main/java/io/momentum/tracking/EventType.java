package io.momentum.tracking;

import java.util.Locale;
import java.util.Optional;

/** The kinds of events {@code POST /v1/events} accepts. */
public enum EventType {
    EXPOSURE, CONVERSION, SURVEY, REFERRAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EventType> fromWire(String name) {
        for (EventType type : values()) {
            if (type.wireName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
