package io.momentum.assignment;

import io.momentum.experiment.Experiment;
import io.momentum.experiment.Status;
import io.momentum.experiment.Variant;
import java.util.Optional;

/** One experiment prepared for the hot path: its bucketing, its compiled targeting and its rollout variant. */
final class CompiledExperiment {
    private final VariantAssigner buckets;
    private final TargetingRule targeting;
    private final Variant rollout;

    private CompiledExperiment(VariantAssigner buckets, TargetingRule targeting, Variant rollout) {
        this.buckets = buckets;
        this.targeting = targeting;
        this.rollout = rollout;
    }

    static CompiledExperiment compile(Experiment experiment) {
        if (experiment.stage() == null || experiment.kind() == null || experiment.status() == null) {
            throw new IllegalArgumentException("stage, kind and status are required");
        }
        VariantAssigner buckets = VariantAssigner.of(experiment);
        TargetingRule targeting = TargetingRule.compile(experiment.targeting());
        Variant rollout = null;
        if (experiment.status() == Status.STOPPED && experiment.winner() != null && experiment.winner().isPresent()) {
            String winner = experiment.winner().get();
            rollout = experiment.variant(winner)
                    .orElseThrow(() -> new IllegalArgumentException("winner " + winner + " is not one of the variants"));
        }
        return new CompiledExperiment(buckets, targeting, rollout);
    }

    Experiment experiment() {
        return buckets.experiment();
    }

    VariantAssigner buckets() {
        return buckets;
    }

    /**
     * The decision for one visitor, as early returns:
     * 1. draft, paused and stopped-without-winner experiments assign nobody;
     * 2. the visitor must pass the targeting;
     * 3. a stopped experiment with a winner shows the winner to everyone targeted;
     * 4. a running one assigns by layer slot, coverage and weights.
     * A failure while deciding degrades to "not in the experiment".
     */
    Optional<Assignment> assign(Visitor visitor) {
        try {
            Status status = experiment().status();
            if (status != Status.RUNNING && rollout == null) {
                return Optional.empty();
            }
            if (!targeting.admits(visitor)) {
                return Optional.empty();
            }
            if (rollout != null) {
                return Optional.of(new Assignment(experiment(), rollout, Assignment.Source.ROLLOUT));
            }
            return buckets.variant(visitor.id()).map(v -> new Assignment(experiment(), v, Assignment.Source.BUCKETED));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
