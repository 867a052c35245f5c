package io.momentum.assignment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How an experiment's hash space is divided among its variants. Variant i owns
 * {@code [cum_i, cum_i + coverage * w_i)} with normalised weights {@code w}, exactly as GrowthBook's
 * {@code getBucketRanges}, so raising coverage only adds visitors and never moves one between variants.
 */
public record TrafficSplit(List<BucketRange> ranges) {

    public TrafficSplit {
        ranges = List.copyOf(ranges);
    }

    /** Weights on any scale (e.g. 50/50 or 1/3) and a coverage in {@code [0, 1]}. */
    public static TrafficSplit of(double[] weights, double coverage) {
        return growthBook(weights.length, coverage, normalise(weights));
    }

    /**
     * A faithful port of GrowthBook's {@code getBucketRanges}: coverage clamped to {@code [0, 1]};
     * weights that are missing, of the wrong length or not summing to 1 (±0.01) become equal weights.
     */
    public static TrafficSplit growthBook(int numVariations, double coverage, double[] weights) {
        double clamped = Math.min(1, Math.max(0, coverage));
        double[] equal = equalWeights(numVariations);
        double[] used = weights == null || weights.length != numVariations ? equal : weights;
        double total = 0;
        for (double w : used) {
            total += w;
        }
        if (total < 0.99 || total > 1.01) {
            used = equal;
        }
        List<BucketRange> ranges = new ArrayList<>(used.length);
        double cumulative = 0;
        for (double w : used) {
            double start = cumulative;
            cumulative += w;
            ranges.add(new BucketRange(start, start + clamped * w));
        }
        return new TrafficSplit(ranges);
    }

    /** Divides each weight by their sum; rejects negative, non-finite or all-zero weights. */
    public static double[] normalise(double[] weights) {
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite numbers >= 0, were " + Arrays.toString(weights));
            }
            total += w;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("weights must not all be 0, were " + Arrays.toString(weights));
        }
        double[] normalised = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            normalised[i] = weights[i] / total;
        }
        return normalised;
    }

    /** GrowthBook's {@code chooseVariation}: the index of the first range holding {@code n}, or -1. */
    public int variantIndex(double n) {
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).contains(n)) {
                return i;
            }
        }
        return -1;
    }

    private static double[] equalWeights(int n) {
        double[] equal = new double[Math.max(0, n)];
        Arrays.fill(equal, 1.0 / n);
        return equal;
    }
}
