package io.momentum.tracking;

import io.momentum.experiment.Experiment;
import java.util.Optional;

/**
 * The deterministic variant of a visitor in an experiment (the assignment engine's bucketing), used to
 * attribute client-sent exposures; empty when the visitor is not in the experiment.
 */
@FunctionalInterface
public interface VariantResolver {
    Optional<String> variantOf(Experiment experiment, String visitorId);
}
