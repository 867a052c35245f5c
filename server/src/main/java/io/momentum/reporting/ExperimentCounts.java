package io.momentum.reporting;

import java.util.List;
import java.util.Optional;

/** Every variant's counters of one experiment, read at one moment. */
public record ExperimentCounts(String experimentId, List<VariantCounts> variants) {
    public ExperimentCounts {
        variants = List.copyOf(variants);
    }

    public Optional<VariantCounts> variant(String key) {
        return variants.stream().filter(v -> v.key().equals(key)).findFirst();
    }
}
