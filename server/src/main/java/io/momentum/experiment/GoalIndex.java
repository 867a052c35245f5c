package io.momentum.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * For one catalog snapshot: which experiments running at its moment (status and schedule) count each goal event (every event of their
 * {@link GoalPlan}, downstream flywheel goals included), in catalog order. Built once per snapshot so a
 * conversion looks its experiments up instead of planning every experiment's goals again.
 * It also knows every goal name the catalog mentions at all: tracking accepts conversions only for those,
 * so an anonymous client cannot create counters for names it makes up. And it knows the server-only goals: those some
 * experiment (of any status) declares {@code source: server}; tracking counts them only from backends with the ingest key.
 */
public final class GoalIndex {
    private final long version;
    private final Map<String, List<Experiment>> countingByGoal;
    private final Set<String> known;
    private final Set<String> serverOnly;

    private GoalIndex(long version, Map<String, List<Experiment>> countingByGoal, Set<String> known, Set<String> serverOnly) {
        this.version = version;
        this.countingByGoal = countingByGoal;
        this.known = known;
        this.serverOnly = serverOnly;
    }

    public static GoalIndex of(CatalogSnapshot snapshot) {
        Map<String, List<Experiment>> byGoal = new LinkedHashMap<>();
        Set<String> known = new java.util.HashSet<>(BUILT_IN);
        Set<String> serverOnly = new java.util.HashSet<>();
        for (Experiment experiment : snapshot.experiments().values()) {
            Stream.concat(Stream.of(experiment.goals().primary()), experiment.goals().secondary().stream())
                    .filter(g -> g.source() == Goal.Source.SERVER).forEach(g -> serverOnly.add(g.event()));
            List<String> events = GoalPlan.of(experiment, snapshot.flywheel()).events();
            known.addAll(events);
            if (snapshot.running(experiment)) {
                for (String goal : events) {
                    byGoal.computeIfAbsent(goal, g -> new ArrayList<>()).add(experiment);
                }
            }
        }
        if (snapshot.flywheel() != null) {
            snapshot.flywheel().stages().forEach(stage -> {
                known.add(stage.enteredEvent());
                known.add(stage.convertedEvent());
            });
        }
        Map<String, List<Experiment>> frozen = new LinkedHashMap<>();
        byGoal.forEach((goal, experiments) -> frozen.put(goal, List.copyOf(experiments)));
        return new GoalIndex(snapshot.version(), Map.copyOf(frozen), Set.copyOf(known), Set.copyOf(serverOnly));
    }

    /** Goals every installation counts: survey answers and referrals are conversions of these names too. */
    static final Set<String> BUILT_IN = Set.of("survey", "referral");

    /** True when an experiment (of any status), a flywheel stage or the built-in events name {@code goal}. */
    public boolean knows(String goal) {
        return known.contains(goal);
    }

    /**
     * True when some experiment counts {@code goal} only from servers: then no browser conversion of it counts anywhere
     * (one event name has one source, so the global goal counters and every experiment agree).
     */
    public boolean serverOnly(String goal) {
        return serverOnly.contains(goal);
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
