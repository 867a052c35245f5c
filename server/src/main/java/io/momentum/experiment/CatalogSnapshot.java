package io.momentum.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An immutable view of every loaded experiment and of the files that failed to load, as of one moment. A reload
 * publishes a new snapshot, and so does the clock crossing a {@code start} or {@code end}; readers never see a mix
 * of old and new, and nothing downstream reads a clock to decide whether an experiment runs.
 *
 * @param experiments by id, in a stable order
 * @param problems    per-file load errors (the last good version of such a file keeps serving)
 * @param version     increases with every published snapshot
 * @param asOf        the moment the schedules were evaluated at: {@link #running} and {@link #rollout} answer for it
 */
public record CatalogSnapshot(Map<String, Experiment> experiments, FlywheelDefinition flywheel,
                              List<LoadProblem> problems, long version, Instant asOf) {

    public CatalogSnapshot {
        Objects.requireNonNull(asOf, "asOf");
    }

    public Optional<Experiment> experiment(String id) {
        return Optional.ofNullable(experiments.get(id));
    }

    /** Whether the experiment assigns by weights and counts events in this snapshot. */
    public boolean running(Experiment experiment) {
        return experiment.runningAt(asOf);
    }

    /** The winner shown to everyone targeted in this snapshot, if any. */
    public Optional<String> rollout(Experiment experiment) {
        return experiment.rolloutAt(asOf);
    }

    /**
     * This snapshot as of {@code now}: itself when no experiment changes phase in between, otherwise the same
     * experiments with the next version (so every per-version cache compiles the new state once).
     */
    public CatalogSnapshot at(Instant now) {
        boolean same = experiments.values().stream()
                .allMatch(e -> SchedulePhase.of(e, asOf) == SchedulePhase.of(e, now));
        return same ? this : new CatalogSnapshot(experiments, flywheel, problems, version + 1, now);
    }

    /** The first {@code start} or {@code end} after {@link #asOf}: when the next snapshot is due. */
    public Optional<Instant> nextBoundary() {
        return experiments.values().stream()
                .flatMap(e -> Stream.of(e.start(), e.end()).flatMap(Optional::stream))
                .filter(asOf::isBefore)
                .min(Instant::compareTo);
    }
}
