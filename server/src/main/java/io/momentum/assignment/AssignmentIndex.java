package io.momentum.assignment;

import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Allocation;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Layer;
import io.momentum.experiment.Variant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One catalog snapshot compiled for assignment: hash seeds, bucket ranges, URL globs and regexes are
 * prepared once, so assigning a visitor compiles nothing. An experiment that cannot be compiled (or
 * whose layer slot overlaps an earlier one) is left out and listed in {@link #problems()}; it never
 * breaks the others.
 */
public final class AssignmentIndex {
    private final long version;
    private final List<CompiledExperiment> experiments;
    private final Map<String, CompiledExperiment> byId;
    private final Map<String, String> problems;
    private final CatalogSnapshot snapshot;

    private AssignmentIndex(CatalogSnapshot snapshot, List<CompiledExperiment> experiments, Map<String, String> problems) {
        this.snapshot = snapshot;
        this.version = snapshot.version();
        this.experiments = List.copyOf(experiments);
        this.problems = Map.copyOf(problems);
        Map<String, CompiledExperiment> index = new HashMap<>();
        experiments.forEach(e -> index.put(e.experiment().id(), e));
        this.byId = Map.copyOf(index);
    }

    public static AssignmentIndex compile(CatalogSnapshot snapshot) {
        List<CompiledExperiment> compiled = new ArrayList<>();
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, List<VariantAssigner>> layers = new HashMap<>();
        for (Experiment experiment : snapshot.experiments().values()) {
            try {
                CompiledExperiment candidate = CompiledExperiment.compile(experiment, snapshot);
                requireFreeLayerSlot(candidate, layers);
                compiled.add(candidate);
            } catch (RuntimeException e) {
                problems.put(String.valueOf(experiment.id()), e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        return new AssignmentIndex(snapshot, compiled, problems);
    }

    /**
     * Running experiments of one layer must own disjoint slots, or a visitor could be in two of them; only those
     * running at the snapshot's moment count, so scheduled experiments can take turns in one slot.
     */
    private static void requireFreeLayerSlot(CompiledExperiment candidate, Map<String, List<VariantAssigner>> layers) {
        Layer layer = candidate.buckets().layer();
        if (layer == null || !candidate.running()) {
            return;
        }
        List<VariantAssigner> taken = layers.computeIfAbsent(layer.name(), name -> new ArrayList<>());
        for (VariantAssigner other : taken) {
            Layer slot = other.layer();
            if (layer.start() < slot.end() && slot.start() < layer.end()) {
                throw new IllegalArgumentException("layer " + layer.name() + " slot [" + layer.start() + ", " + layer.end()
                        + ") overlaps experiment " + other.experiment().id() + " [" + slot.start() + ", " + slot.end() + ")");
            }
        }
        taken.add(candidate.buckets());
    }

    /**
     * {@link VariantAssigner#bucketVariant} with the assigner compiled for this snapshot (tracking attributes
     * client-sent exposures with it); an experiment not compiled here (left out, or of another snapshot) is bucketed directly.
     */
    public Optional<Variant> bucketVariant(Experiment experiment, String visitorId) {
        CompiledExperiment compiled = byId.get(experiment.id());
        if (compiled == null || compiled.experiment() != experiment) {
            return VariantAssigner.bucketVariant(experiment, visitorId);
        }
        return compiled.buckets().variant(visitorId);
    }

    /** The snapshot version this index was compiled from. */
    public long version() {
        return version;
    }

    /** Experiments left out, by id, with the reason. */
    public Map<String, String> problems() {
        return problems;
    }

    public AssignmentResult assign(AssignmentRequest request) {
        if (!request.forces().forces().isEmpty() || !request.forces().malformed().isEmpty()) {
            return assignWithForces(request);
        }
        Visitor visitor = request.visitor();
        List<Assignment> assignments = new ArrayList<>(experiments.size());
        for (CompiledExperiment compiled : experiments) {
            if (isSelected(compiled.experiment(), request)) {
                Assignment assignment = kept(compiled.assign(visitor), request);
                if (assignment != null) {
                    assignments.add(assignment);
                }
            }
        }
        return new AssignmentResult(visitor.id(), assignments, unknownExperiments(request), List.of());
    }

    /**
     * For {@code debug=1}: every selected experiment that assigns the visitor nothing, with the reason in words (not
     * running, which targeting condition failed, outside its layer slot or coverage, left out as invalid).
     */
    public List<NotAssigned> explain(AssignmentRequest request) {
        List<NotAssigned> out = new ArrayList<>();
        for (CompiledExperiment compiled : experiments) {
            if (isSelected(compiled.experiment(), request)) {
                String why;
                try {
                    why = compiled.whyNot(request.visitor());
                } catch (RuntimeException e) {
                    why = "the experiment could not decide: " + e.getMessage();
                }
                if (why != null) {
                    out.add(new NotAssigned(compiled.experiment().id(), why));
                }
            }
        }
        problems.forEach((id, problem) -> out.add(new NotAssigned(id, "left out as invalid: " + problem)));
        return out;
    }

    /** An experiment the visitor is not in, and why. */
    public record NotAssigned(String experiment, String reason) {
    }

    /** The QA path: forced variants replace the normal decision where allowed; the rest is reported. */
    private AssignmentResult assignWithForces(AssignmentRequest request) {
        Visitor visitor = request.visitor();
        List<Assignment> assignments = new ArrayList<>();
        Map<String, ForcedVariant> forces = new LinkedHashMap<>();
        List<ForcedVariant.Ignored> ignored = new ArrayList<>(request.forces().malformed());
        for (ForcedVariant force : request.forces().forces()) {
            forces.put(force.experiment(), force);
        }
        for (CompiledExperiment compiled : experiments) {
            Experiment experiment = compiled.experiment();
            if (!isSelected(experiment, request)) {
                continue;
            }
            ForcedVariant force = forces.remove(experiment.id());
            Assignment assignment = force == null
                    ? kept(compiled.assign(visitor), request)
                    : applyForce(compiled, visitor, force, request.forcingAllowed(), ignored);
            if (assignment != null) {
                assignments.add(assignment);
            }
        }
        forces.values().forEach(force -> ignored.add(new ForcedVariant.Ignored(force.text(), whyNotForceable(force))));
        return new AssignmentResult(visitor.id(), assignments, unknownExperiments(request), ignored);
    }

    /**
     * Sticky bandits: a visitor still in a bandit experiment keeps the variant they were given before (when the request
     * names it and it still exists), so a weight change never moves a returning visitor to another arm. Fixed-weight
     * experiments need no memory: their hash always gives the same variant.
     */
    private static Assignment kept(Assignment assignment, AssignmentRequest request) {
        if (assignment == null || assignment.source() != Assignment.Source.BUCKETED
                || assignment.experiment().allocation().mode() != Allocation.Mode.BANDIT) {
            return assignment;
        }
        String earlier = request.kept().get(assignment.experiment().id());
        return earlier == null ? assignment : assignment.experiment().variant(earlier)
                .map(v -> new Assignment(assignment.experiment(), v, Assignment.Source.BUCKETED)).orElse(assignment);
    }

    private static boolean isSelected(Experiment experiment, AssignmentRequest request) {
        return (request.stage().isEmpty() || request.stage().get() == experiment.stage())
                && (request.experimentIds().isEmpty() || request.experimentIds().get().contains(experiment.id()));
    }

    /** A force that cannot be applied is reported and the visitor is assigned as usual. */
    private static Assignment applyForce(CompiledExperiment compiled, Visitor visitor, ForcedVariant force,
                                                   boolean allowedEverywhere, List<ForcedVariant.Ignored> ignored) {
        Experiment experiment = compiled.experiment();
        Optional<Variant> variant = experiment.variant(force.variant());
        if (!allowedEverywhere && !experiment.allowForcedVariants()) {
            ignored.add(new ForcedVariant.Ignored(force.text(), "forced variants are not allowed for this experiment"));
        } else if (!allowedEverywhere && !force.signed()) {
            // A plain link anyone can edit would force any variant and show its unreleased payload.
            ignored.add(new ForcedVariant.Ignored(force.text(), "this experiment takes signed QA links only (the dashboard's "
                    + "experiment page lists one per variant); plain momentum_force works on servers run with --allow-forced-variants"));
        } else if (variant.isEmpty()) {
            ignored.add(new ForcedVariant.Ignored(force.text(), "unknown variant"));
        } else {
            return new Assignment(experiment, variant.get(), Assignment.Source.FORCED);
        }
        return compiled.assign(visitor);
    }

    private String whyNotForceable(ForcedVariant force) {
        if (problems.containsKey(force.experiment())) {
            return "experiment is not valid: " + problems.get(force.experiment());
        }
        return byId.containsKey(force.experiment()) ? "experiment not requested" : "unknown experiment";
    }

    private List<String> unknownExperiments(AssignmentRequest request) {
        if (request.experimentIds().isEmpty()) {
            return List.of();
        }
        List<String> unknown = new ArrayList<>();
        for (String id : request.experimentIds().get()) {
            if (!snapshot.experiments().containsKey(id)) {
                unknown.add(id);
            }
        }
        unknown.sort(null);
        return unknown;
    }
}
