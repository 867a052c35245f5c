package io.momentum.bandit;

import io.momentum.reporting.Allocations;
import io.momentum.reporting.WeightPeriod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Holds the latest {@link AllocationSnapshot}; readers (assignment, results) never see a half-published one. */
public final class BanditAllocations implements Allocations {
    private final AtomicReference<AllocationSnapshot> current = new AtomicReference<>(AllocationSnapshot.EMPTY);

    public AllocationSnapshot current() {
        return current.get();
    }

    /** Publishes the periods of every bandit experiment; a no-op when no period started or ended (the version stays). */
    public void publish(Map<String, List<WeightPeriod>> periods) {
        current.updateAndGet(old -> schedule(old.periods()).equals(schedule(periods)) ? old : new AllocationSnapshot(periods, old.version() + 1));
    }

    /** What assignment depends on: per experiment the periods' starts and weights (not the counter snapshots). */
    private static Map<String, List<List<Object>>> schedule(Map<String, List<WeightPeriod>> periods) {
        Map<String, List<List<Object>>> schedule = new java.util.HashMap<>();
        periods.forEach((id, list) -> schedule.put(id, list.stream().map(p -> List.<Object>of(p.start(), p.weights())).toList()));
        return schedule;
    }

    @Override
    public Optional<Map<String, Double>> weights(String experimentId) {
        List<WeightPeriod> periods = current.get().periods(experimentId);
        return periods.isEmpty() ? Optional.empty() : Optional.of(periods.get(periods.size() - 1).weights());
    }

    @Override
    public List<WeightPeriod> periods(String experimentId) {
        return current.get().periods(experimentId);
    }
}
