package io.momentum.experiment;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of reading one experiment file: the experiment when the file is valid, otherwise every problem found.
 *
 * @param file       the path as the caller named it, used in messages
 * @param idAt       where the id was written, for problems found across files (duplicate ids)
 * @param layerAt    where the layer was written, for overlapping layer slots
 */
public record ExperimentFile(String file, Optional<Experiment> experiment, List<LoadProblem> problems,
                             Position idAt, Position layerAt) {

    public ExperimentFile {
        problems = List.copyOf(problems);
    }

    /** A line and column (1-based) in the file. */
    public record Position(int line, int column) {
        public static final Position START = new Position(1, 1);
    }

    public boolean valid() {
        return experiment.isPresent();
    }
}
