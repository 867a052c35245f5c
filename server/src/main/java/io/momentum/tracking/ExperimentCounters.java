package io.momentum.tracking;

import java.util.List;
import java.util.Optional;

/** Live counters of one experiment, one entry per variant in the experiment's order (control first). */
public record ExperimentCounters(String experiment, List<VariantCounters> variants) {
    public ExperimentCounters {
        variants = List.copyOf(variants);
    }

    public Optional<VariantCounters> variant(String key) {
        return variants.stream().filter(v -> v.variant().equals(key)).findFirst();
    }
}
