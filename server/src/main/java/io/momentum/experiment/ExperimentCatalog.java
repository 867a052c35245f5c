package io.momentum.experiment;

/** Where the services read the current experiments from; the implementation reloads YAML behind it. */
@FunctionalInterface
public interface ExperimentCatalog {
    CatalogSnapshot current();
}
