package io.momentum.reporting;

import io.momentum.stats.ConfidenceSequence;
import io.momentum.stats.Interval;
import io.momentum.stats.NormalMixtureSprt;

/**
 * What the normal-mixture test knows about one comparison at one look: the estimated difference, its
 * variance and the mixing variance τ². Looks keep it so the always-valid p-value and interval can be
 * combined over every look (running minimum, running intersection).
 */
public record Evidence(double diff, double variance, double tau2) {

    /** Always-valid p-value of "no difference" at this look. */
    public double pValue() {
        return NormalMixtureSprt.pValue(diff, variance, tau2);
    }

    /** Always-valid interval at level alpha; null without a variance. */
    public Interval interval(double alpha) {
        return ConfidenceSequence.interval(diff, variance, tau2, alpha);
    }
}
