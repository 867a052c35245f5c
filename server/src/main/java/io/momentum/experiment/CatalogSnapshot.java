package io.momentum.experiment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of every loaded experiment and of the files that failed to load. A reload
 * publishes a new snapshot; readers never see a mix of old and new.
 *
 * @param experiments by id, in a stable order
 * @param problems    per-file load errors (the last good version of such a file keeps serving)
 * @param version     increases with every published snapshot
 */
public record CatalogSnapshot(Map<String, Experiment> experiments, FlywheelDefinition flywheel,
                              List<LoadProblem> problems, long version) {

    public Optional<Experiment> experiment(String id) {
        return Optional.ofNullable(experiments.get(id));
    }
}
