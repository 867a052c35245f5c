package io.momentum.assign;

import java.time.Instant;

/** A visitor was shown a variant of an experiment (logged by the server at assignment, or sent by the snippet). */
public record Exposure(String experimentId, String variantKey, String visitorId, Instant at) {
}
