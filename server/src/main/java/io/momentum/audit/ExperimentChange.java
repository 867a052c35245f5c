package io.momentum.audit;

import io.momentum.experiment.WireName;
import java.time.Instant;
import java.util.List;

/**
 * One recorded change of an experiment file as the catalog loaded it.
 *
 * @param id          "file:generation": the n-th change of that file, so two servers (or a restart) seeing the same
 *                    change store it once
 * @param experiment  the id the file declares (or, if it declares none readable, the file name without extension)
 * @param diff        unified diff of the YAML from the previous text to this one
 * @param yaml        the text after the change (null when deleted): the base of the next diff, also after a restart
 * @param version     the catalog snapshot version this load produced
 * @param problems    why it was rejected (file:line:column: message), empty otherwise
 * @param commit      the last commit of the file when the directory is a git work tree, else null
 * @param author      that commit's author ("name <email>"), else null
 * @param uncommitted whether the file differs from that commit (an edit not committed yet)
 */
public record ExperimentChange(String id, Instant at, String file, long generation, Kind kind, String experiment, String diff,
                               String yaml, long version, List<String> problems, String commit, String author,
                               boolean uncommitted) {
    public ExperimentChange {
        problems = List.copyOf(problems);
    }

    /** What happened to the file. */
    public enum Kind implements WireName {
        CREATED, CHANGED, DELETED, REJECTED
    }
}
