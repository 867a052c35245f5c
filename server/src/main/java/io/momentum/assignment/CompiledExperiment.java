package io.momentum.assignment;

import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.SchedulePhase;
import io.momentum.experiment.Status;
import io.momentum.experiment.Variant;

/** One experiment prepared for the hot path: its bucketing, its compiled targeting and its rollout variant. */
final class CompiledExperiment {
    private final VariantAssigner buckets;
    private final TargetingRule targeting;
    /** The answers are immutable, so they are built once here instead of on every request. */
    private final Assignment[] bucketed;
    private final Assignment rollout;
    /** Whether it assigns by weights in the snapshot it was compiled for (status and schedule). */
    private final boolean running;
    /** Why a running experiment does not run in that snapshot ("starts at …" / "ended at …"); null otherwise. */
    private final String outsideSchedule;

    private CompiledExperiment(VariantAssigner buckets, TargetingRule targeting, Variant rollout, boolean running,
                               String outsideSchedule) {
        this.buckets = buckets;
        this.running = running;
        this.outsideSchedule = outsideSchedule;
        this.targeting = targeting;
        Experiment experiment = buckets.experiment();
        this.bucketed = experiment.variants().stream()
                .map(v -> new Assignment(experiment, v, Assignment.Source.BUCKETED)).toArray(Assignment[]::new);
        this.rollout = rollout == null ? null : new Assignment(experiment, rollout, Assignment.Source.ROLLOUT);
    }

    /** Compiled for {@code snapshot}: its moment decides whether the schedule lets the experiment run. */
    static CompiledExperiment compile(Experiment experiment, CatalogSnapshot snapshot) {
        VariantAssigner buckets = VariantAssigner.of(experiment);
        TargetingRule targeting = TargetingRule.compile(experiment.targeting());
        Variant rollout = null;
        if (snapshot.rollout(experiment).isPresent()) {
            String winner = snapshot.rollout(experiment).get();
            rollout = experiment.variant(winner)
                    .orElseThrow(() -> new IllegalArgumentException("winner " + winner + " is not one of the variants"));
        }
        SchedulePhase phase = SchedulePhase.of(experiment, snapshot.asOf());
        String outsideSchedule = phase == SchedulePhase.ENDED ? "ended at " + experiment.end().orElseThrow()
                : phase == SchedulePhase.NOT_STARTED ? "starts at " + experiment.start().orElseThrow() : null;
        return new CompiledExperiment(buckets, targeting, rollout, snapshot.running(experiment), outsideSchedule);
    }

    boolean running() {
        return running;
    }

    Experiment experiment() {
        return buckets.experiment();
    }

    VariantAssigner buckets() {
        return buckets;
    }

    /**
     * The decision for one visitor, as early returns:
     * 1. draft, paused and stopped-without-winner experiments, and running ones before their start or after their
     *    end without a winner, assign nobody;
     * 2. the visitor must pass the targeting;
     * 3. a stopped (or ended) experiment with a winner shows the winner to everyone targeted;
     * 4. a running one assigns by layer slot, coverage and weights.
     * A failure while deciding degrades to "not in the experiment". Returns null when not in it.
     */
    Assignment assign(Visitor visitor) {
        try {
            if (!running && rollout == null) {
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
        if (!running && rollout == null) {
            return outsideSchedule;
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
