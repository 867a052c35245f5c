package io.momentum.assignment;

/** The slice {@code [start, end)} of the hash space owned by one variant. */
public record BucketRange(double start, double end) {

    public boolean contains(double n) {
        return n >= start && n < end;
    }
}
