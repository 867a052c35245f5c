package io.momentum.assignment;

import io.momentum.experiment.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which experiments one visitor should be assigned in.
 *
 * @param stage          only this stage's experiments, when present
 * @param experimentIds  only these experiments, when present (unknown ids are reported, not fatal)
 * @param forces         QA forced variants, applied only where allowed
 * @param forcingAllowed the server allows plain forced variants for every experiment (otherwise only signed
 *                       ones, and only where the experiment sets {@code allowForcedVariants})
 * @param kept           the variants the visitor was given before (experiment -> variant, sent back by the snippet or a
 *                       server-side caller); honoured by bandit experiments only, whose weights change over time
 */
public record AssignmentRequest(Visitor visitor, Optional<Stage> stage, Optional<Set<String>> experimentIds,
                                ForcedVariant.Parsed forces, boolean forcingAllowed, Map<String, String> kept) {

    public AssignmentRequest {
        experimentIds = experimentIds.map(Set::copyOf);
        kept = Map.copyOf(kept);
    }

    /** Every running experiment, no filters and no forces. */
    public static AssignmentRequest of(Visitor visitor) {
        return new AssignmentRequest(visitor, Optional.empty(), Optional.empty(), ForcedVariant.Parsed.NONE, false, Map.of());
    }

    public AssignmentRequest withStage(Stage only) {
        return new AssignmentRequest(visitor, Optional.of(only), experimentIds, forces, forcingAllowed, kept);
    }

    public AssignmentRequest withExperiments(List<String> ids) {
        return new AssignmentRequest(visitor, stage, Optional.of(Set.copyOf(ids)), forces, forcingAllowed, kept);
    }

    /** The forces of {@code forceText}, none of them signed. */
    public AssignmentRequest withForces(String forceText, boolean allowedEverywhere) {
        return withForces(ForcedVariant.parse(forceText), allowedEverywhere);
    }

    /** Forces already parsed, their QA tokens checked. */
    public AssignmentRequest withForces(ForcedVariant.Parsed parsed, boolean allowedEverywhere) {
        return new AssignmentRequest(visitor, stage, experimentIds, parsed, allowedEverywhere, kept);
    }

    /**
     * The visitor's earlier variants, {@code "experiment:variant,..."} (the syntax of forced variants; malformed entries
     * and entries past the limit are ignored: keeping is a convenience, never an error).
     */
    public AssignmentRequest withKept(String keptText) {
        Map<String, String> earlier = new LinkedHashMap<>();
        ForcedVariant.parse(keptText).forces().forEach(k -> earlier.putIfAbsent(k.experiment(), k.variant()));
        return new AssignmentRequest(visitor, stage, experimentIds, forces, forcingAllowed, earlier);
    }
}
