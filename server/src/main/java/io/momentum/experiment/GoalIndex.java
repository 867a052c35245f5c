package io.momentum.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For one catalog snapshot: which experiments running at its moment (status and schedule) count each goal event (every event of their
 * {@link GoalPlan}, downstream flywheel goals included), in catalog order. Built once per snapshot so a
 * conversion looks its experiments up instead of planning every experiment's goals again.
 */
public final class GoalIndex {
    private final long version;
    private final Map<String, List<Experiment>> countingByGoal;

    private GoalIndex(long version, Map<String, List<Experiment>> countingByGoal) {
        this.version = version;
        this.countingByGoal = countingByGoal;
    }

    public static GoalIndex of(CatalogSnapshot snapshot) {
        Map<String, List<Experiment>> byGoal = new LinkedHashMap<>();
        for (Experiment experiment : snapshot.experiments().values()) {
            if (snapshot.running(experiment)) {
                for (String goal : GoalPlan.of(experiment, snapshot.flywheel()).events()) {
                    byGoal.computeIfAbsent(goal, g -> new ArrayList<>()).add(experiment);
                }
            }
        }
        Map<String, List<Experiment>> frozen = new LinkedHashMap<>();
        byGoal.forEach((goal, experiments) -> frozen.put(goal, List.copyOf(experiments)));
        return new GoalIndex(snapshot.version(), Map.copyOf(frozen));
    }

    /** The snapshot version this index was built from. */
    public long version() {
        return version;
    }

    /** The running experiments that count {@code goal}, in catalog order; empty when none does. */
    public List<Experiment> experimentsCounting(String goal) {
        return countingByGoal.getOrDefault(goal, List.of());
    }
}
