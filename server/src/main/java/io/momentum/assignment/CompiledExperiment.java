package io.momentum.assignment;

import io.momentum.experiment.Experiment;
import io.momentum.experiment.Status;
import io.momentum.experiment.Variant;

/** One experiment prepared for the hot path: its bucketing, its compiled targeting and its rollout variant. */
final class CompiledExperiment {
    private final VariantAssigner buckets;
    private final TargetingRule targeting;
    /** The answers are immutable, so they are built once here instead of on every request. */
    private final Assignment[] bucketed;
    private final Assignment rollout;

    private CompiledExperiment(VariantAssigner buckets, TargetingRule targeting, Variant rollout) {
        this.buckets = buckets;
        this.targeting = targeting;
        Experiment experiment = buckets.experiment();
        this.bucketed = experiment.variants().stream()
                .map(v -> new Assignment(experiment, v, Assignment.Source.BUCKETED)).toArray(Assignment[]::new);
        this.rollout = rollout == null ? null : new Assignment(experiment, rollout, Assignment.Source.ROLLOUT);
    }

    static CompiledExperiment compile(Experiment experiment) {
        VariantAssigner buckets = VariantAssigner.of(experiment);
        TargetingRule targeting = TargetingRule.compile(experiment.targeting());
        Variant rollout = null;
        if (experiment.status() == Status.STOPPED && experiment.winner().isPresent()) {
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
     * A failure while deciding degrades to "not in the experiment". Returns null when not in it.
     */
    Assignment assign(Visitor visitor) {
        try {
            if (experiment().status() != Status.RUNNING && rollout == null) {
                return null;
            }
            if (!targeting.admits(visitor)) {
                return null;
            }
            if (rollout != null) {
                return rollout;
            }
            int index = buckets.variantIndex(visitor.id());
            return index < 0 ? null : bucketed[index];
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Why {@link #assign} gives this visitor nothing, in the same order as its checks; null when it assigns them. */
    String whyNot(Visitor visitor) {
        Experiment experiment = experiment();
        if (experiment.status() != Status.RUNNING && rollout == null) {
            return "status is " + experiment.status().wire() + ", not running";
        }
        String targetingFailure = targeting.whyNot(visitor);
        if (targetingFailure != null) {
            return targetingFailure;
        }
        if (rollout != null || buckets.variantIndex(visitor.id()) >= 0) {
            return null;
        }
        return experiment.layer().filter(layer -> !buckets.inLayerSlot(visitor.id()))
                .map(layer -> "the visitor hashes outside its slot [" + layer.start() + ", " + layer.end() + ") of layer " + layer.name())
                .orElse("the visitor hashes outside its coverage " + experiment.coverage());
    }
}
