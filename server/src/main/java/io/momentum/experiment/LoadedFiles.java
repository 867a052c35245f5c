package io.momentum.experiment;

import java.util.List;
import java.util.Map;

/**
 * What one reload of the catalog read, for listeners that record changes (the audit trail): every experiment
 * file's text by file name, the problems of each file that failed, and the snapshot version it produced.
 *
 * @param texts    file name (no directory) to content, in name order
 * @param rejected file name to its problems, for files that did not load as written
 */
public record LoadedFiles(long version, Map<String, String> texts, Map<String, List<LoadProblem>> rejected) {
    public LoadedFiles {
        texts = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(texts));
        rejected = Map.copyOf(rejected);
    }
}
