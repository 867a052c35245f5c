package io.momentum.reporting;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One bandit weight period: from {@code start} the arms got {@code weights}; {@code countsAtStart} are
 * the experiment's cumulative counters at that moment, so a period's own counts are the difference
 * to the next period's snapshot (or to the current counters for the last period).
 */
public record WeightPeriod(Instant start, Map<String, Double> weights, ExperimentCounts countsAtStart) {
    public WeightPeriod {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }
}
