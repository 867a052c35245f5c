package io.momentum.assignment;

import io.momentum.experiment.Experiment;
import io.momentum.experiment.Layer;
import io.momentum.experiment.Variant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The deterministic part of assignment: layer slot, coverage and weights only, compiled for one
 * experiment. It knows nothing of targeting, status or forced variants, so it answers "which variant
 * does this visitor's hash land in", the question tracking asks to attribute events.
 */
public final class VariantAssigner {
    private final Experiment experiment;
    private final int seedState;
    private final Layer layer;
    private final String layerSeed;
    private final TrafficSplit split;

    private VariantAssigner(Experiment experiment, int seedState, Layer layer, TrafficSplit split) {
        this.experiment = experiment;
        this.seedState = seedState;
        this.layer = layer;
        this.layerSeed = layer == null ? null : "__" + layer.name();
        this.split = split;
    }

    /** Validates what bucketing needs (variants, weights, coverage, layer range); throws with a clear message otherwise. */
    public static VariantAssigner of(Experiment experiment) {
        String id = experiment.id();
        if (id.isEmpty()) {
            throw new IllegalArgumentException("experiment without an id");
        }
        if (experiment.variants().size() < 2) {
            throw new IllegalArgumentException("needs at least 2 variants, has " + experiment.variants().size());
        }
        Set<String> keys = new HashSet<>();
        double[] weights = new double[experiment.variants().size()];
        for (int i = 0; i < weights.length; i++) {
            Variant variant = experiment.variants().get(i);
            if (variant.key() == null || variant.key().isEmpty() || !keys.add(variant.key())) {
                throw new IllegalArgumentException("variant keys must be non-empty and unique, got " + variant.key());
            }
            weights[i] = variant.weight();
        }
        double coverage = experiment.coverage();
        if (!(coverage >= 0 && coverage <= 1)) {
            throw new IllegalArgumentException("coverage must be between 0 and 1, was " + coverage);
        }
        Layer layer = experiment.layer().orElse(null);
        if (layer != null && !(layer.name() != null && !layer.name().isEmpty()
                && layer.start() >= 0 && layer.start() < layer.end() && layer.end() <= 1)) {
            throw new IllegalArgumentException("layer range must satisfy 0 <= start < end <= 1, was " + layer);
        }
        String seed = experiment.seed().isEmpty() ? id : experiment.seed();
        return new VariantAssigner(experiment, VisitorHash.seedState(seed), layer, TrafficSplit.of(weights, coverage));
    }

    /**
     * The variant a visitor's hash lands in, from layer + coverage + weights only: no targeting, no
     * status, no forced variants. Empty when the visitor is outside the layer slot or the coverage,
     * or when the experiment cannot be bucketed (invalid weights, fewer than two variants, ...).
     * Tracking calls this to attribute events to the variant the visitor was (or would be) bucketed in.
     */
    public static Optional<Variant> bucketVariant(Experiment experiment, String visitorId) {
        try {
            return of(experiment).variant(visitorId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Optional<Variant> variant(String visitorId) {
        int index = variantIndex(visitorId);
        return index < 0 ? Optional.empty() : Optional.of(experiment.variants().get(index));
    }

    /** The index of the visitor's variant, or -1 outside the layer slot or the coverage. */
    public int variantIndex(String visitorId) {
        if (!inLayerSlot(visitorId)) {
            return -1;
        }
        return split.variantIndex(VisitorHash.v2FromSeedState(seedState, visitorId));
    }

    /** True without a layer, else when the visitor's layer hash falls in this experiment's slot. */
    boolean inLayerSlot(String visitorId) {
        if (layer == null) {
            return true;
        }
        double slot = VisitorHash.v1FromState(VisitorHash.continueFnv(VisitorHash.FNV_OFFSET, visitorId), layerSeed);
        return slot >= layer.start() && slot < layer.end();
    }

    public Experiment experiment() {
        return experiment;
    }

    Layer layer() {
        return layer;
    }
}
