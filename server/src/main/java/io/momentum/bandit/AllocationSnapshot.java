package io.momentum.bandit;

import io.momentum.reporting.WeightPeriod;
import java.util.List;
import java.util.Map;

/**
 * The published bandit state, immutable: per experiment its weight periods (the last one holds the
 * weights in force). A new snapshot with a higher version replaces the whole thing.
 */
public record AllocationSnapshot(Map<String, List<WeightPeriod>> periods, long version) {
    public static final AllocationSnapshot EMPTY = new AllocationSnapshot(Map.of(), 0);

    public AllocationSnapshot {
        periods = Map.copyOf(periods);
    }

    public List<WeightPeriod> periods(String experimentId) {
        return periods.getOrDefault(experimentId, List.of());
    }
}
