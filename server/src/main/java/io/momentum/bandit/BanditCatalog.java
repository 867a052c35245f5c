package io.momentum.bandit;

import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.experiment.Variant;
import io.momentum.reporting.WeightPeriod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalog as assignment sees it: bandit experiments carry the published weights instead of the
 * YAML ones. This is the whole seam between the bandit and the assignment engine, which compiles its
 * bucket ranges from whatever weights the snapshot holds and recompiles when the version changes. The
 * version is {@code catalogVersion * 1,000,000 + allocationVersion}, so it grows with either.
 */
public final class BanditCatalog implements ExperimentCatalog {
    static final long ALLOCATION_VERSIONS = 1_000_000;

    private final ExperimentCatalog catalog;
    private final BanditAllocations allocations;
    private final AtomicReference<Derived> last = new AtomicReference<>();

    private record Derived(CatalogSnapshot base, AllocationSnapshot allocation, CatalogSnapshot snapshot) {
    }

    public BanditCatalog(ExperimentCatalog catalog, BanditAllocations allocations) {
        this.catalog = catalog;
        this.allocations = allocations;
    }

    @Override
    public CatalogSnapshot current() {
        CatalogSnapshot base = catalog.current();
        AllocationSnapshot allocation = allocations.current();
        if (allocation.periods().isEmpty()) {
            return base;
        }
        Derived derived = last.get();
        if (derived != null && derived.base() == base && derived.allocation() == allocation) {
            return derived.snapshot();
        }
        CatalogSnapshot snapshot = withWeights(base, allocation);
        last.set(new Derived(base, allocation, snapshot));
        return snapshot;
    }

    private CatalogSnapshot withWeights(CatalogSnapshot base, AllocationSnapshot allocation) {
        Map<String, Experiment> experiments = new LinkedHashMap<>();
        base.experiments().forEach((id, experiment) -> {
            List<WeightPeriod> periods = allocation.periods(id);
            experiments.put(id, periods.isEmpty() ? experiment : reweighted(experiment, periods.get(periods.size() - 1).weights()));
        });
        long version = base.version() * ALLOCATION_VERSIONS + allocation.version() % ALLOCATION_VERSIONS;
        return new CatalogSnapshot(experiments, base.flywheel(), base.problems(), version, base.asOf());
    }

    /** The experiment with the published weights; unchanged if its variants no longer match them (edited YAML). */
    static Experiment reweighted(Experiment e, Map<String, Double> weights) {
        if (!e.variants().stream().map(Variant::key).collect(java.util.stream.Collectors.toSet()).equals(weights.keySet())) {
            return e;
        }
        List<Variant> variants = e.variants().stream()
                .map(v -> new Variant(v.key(), weights.get(v.key()), v.payload()))
                .toList();
        return e.toBuilder().variants(variants).build();
    }
}
