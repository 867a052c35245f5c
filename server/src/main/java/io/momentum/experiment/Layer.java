package io.momentum.experiment;

/**
 * A mutual-exclusion layer slot: experiments of one layer own disjoint ranges {@code [start, end)} of
 * the layer's hash (seeded by the layer name), so a visitor is in at most one of them.
 */
public record Layer(String name, double start, double end) {
}
