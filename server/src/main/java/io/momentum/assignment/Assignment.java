package io.momentum.assignment;

import io.momentum.experiment.Experiment;
import io.momentum.experiment.Variant;
import io.momentum.experiment.WireName;

/** One experiment's answer for one visitor: the variant whose payload the page applies, and why. */
public record Assignment(Experiment experiment, Variant variant, Source source) {

    /** Why the visitor got this variant. */
    public enum Source implements WireName {
        /** Hashed into the variant of a running experiment: an exposure to count. */
        BUCKETED,
        /** Chosen with {@code momentum_force} for QA: never counted. */
        FORCED,
        /** The winner of a stopped experiment, shown to everyone targeted: never counted. */
        ROLLOUT
    }

    /** Only real bucketing in a running experiment is an exposure for the statistics. */
    public boolean logsExposure() {
        return source == Source.BUCKETED;
    }
}
