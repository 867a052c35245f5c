package io.momentum.assignment;

import java.util.List;

/**
 * The assignments of one visitor, in catalog order, plus what the request asked for that could not be
 * honoured: unknown experiment ids and forced variants that were ignored (with the reason).
 */
public record AssignmentResult(String visitorId, List<Assignment> assignments, List<String> unknownExperiments,
                               List<ForcedVariant.Ignored> ignoredForces) {

    public AssignmentResult {
        assignments = List.copyOf(assignments);
        unknownExperiments = List.copyOf(unknownExperiments);
        ignoredForces = List.copyOf(ignoredForces);
    }
}
