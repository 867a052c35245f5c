package io.momentum.experiment;

/** How results are analysed. Defaults: sequential, alpha 0.05, power 0.8, mde 0.10 relative, 500 visitors, Holm. */
public record Analysis(Method method, double alpha, double power, double mde, int minVisitorsPerVariant, Correction correction) {

    public enum Method implements WireName { SEQUENTIAL, FIXED, BAYESIAN }

    public enum Correction implements WireName { HOLM, BENJAMINI_HOCHBERG }

    public static final Analysis DEFAULTS = new Analysis(Method.SEQUENTIAL, 0.05, 0.8, 0.10, 500, Correction.HOLM);
}
