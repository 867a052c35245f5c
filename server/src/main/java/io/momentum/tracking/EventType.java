package io.momentum.tracking;

import io.momentum.experiment.WireName;
import java.util.Optional;

/** The kinds of events {@code POST /v1/events} accepts. */
public enum EventType implements WireName {
    EXPOSURE, CONVERSION, SURVEY, REFERRAL;

    public static Optional<EventType> fromWire(String name) {
        return WireName.parse(EventType.class, name);
    }
}
