package io.momentum.assign;

import java.time.Instant;
import java.util.Map;

/**
 * A visitor was shown a variant of an experiment (logged by the server at assignment, or sent by the snippet).
 *
 * @param attributes the visitor's attributes at the time (raw and derived); the dimension values come from them
 */
public record Exposure(String experimentId, String variantKey, String visitorId, Instant at, Map<String, String> attributes) {
    public Exposure {
        attributes = Map.copyOf(attributes);
    }

    /** An exposure without attributes (its visitor counts as "(none)" in every dimension but the derived ones). */
    public Exposure(String experimentId, String variantKey, String visitorId, Instant at) {
        this(experimentId, variantKey, visitorId, at, Map.of());
    }
}
