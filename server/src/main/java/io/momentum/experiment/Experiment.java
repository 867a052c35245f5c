package io.momentum.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One experiment as a marketer defined it in YAML; immutable once loaded.
 *
 * @param seed                 hashing seed; the experiment id when not given
 * @param layer                mutual-exclusion slot, if any
 * @param winner               the winning variant key of a stopped experiment (rolled out to everyone)
 * @param allowForcedVariants  whether {@code momentum_force=exp:variant} may override assignment (QA)
 * @param source               where it was defined (file name), for messages
 */
public record Experiment(
        String id,
        String name,
        Stage stage,
        Kind kind,
        Status status,
        String hypothesis,
        String owner,
        Optional<Layer> layer,
        double coverage,
        Targeting targeting,
        List<Variant> variants,
        Goals goals,
        Analysis analysis,
        Allocation allocation,
        String seed,
        Optional<Instant> start,
        Optional<Instant> end,
        Optional<String> winner,
        boolean allowForcedVariants,
        String source) {

    public Experiment {
        variants = List.copyOf(variants);
    }

    public Optional<Variant> variant(String key) {
        return variants.stream().filter(v -> v.key().equals(key)).findFirst();
    }

    /** The first variant is the control everything is compared with. */
    public Variant control() {
        return variants.get(0);
    }
}
