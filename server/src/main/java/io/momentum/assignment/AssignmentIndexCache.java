package io.momentum.assignment;

import io.momentum.experiment.CatalogSnapshot;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the index of the latest catalog snapshot: compiled once per {@link CatalogSnapshot#version()},
 * reused by every request until a reload publishes a new version.
 */
public final class AssignmentIndexCache {
    private final AtomicReference<AssignmentIndex> current = new AtomicReference<>();

    public AssignmentIndex indexFor(CatalogSnapshot snapshot) {
        AssignmentIndex index = current.get();
        if (index != null && index.version() == snapshot.version()) {
            return index;
        }
        // Two threads may compile the same version at once (equal results); an older one never replaces a newer one.
        AssignmentIndex compiled = AssignmentIndex.compile(snapshot);
        current.accumulateAndGet(compiled, (old, fresh) -> old != null && old.version() > fresh.version() ? old : fresh);
        return compiled;
    }
}
