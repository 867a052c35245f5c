package io.momentum.experiment;

/**
 * How results are analysed. Defaults: sequential, alpha 0.05, power 0.8, mde 0.10 relative, 500 visitors, Holm.
 *
 * @param baseline the primary goal's expected conversion rate; fixes the horizon of fixed and bayesian experiments
 *                 when they start. Null: the horizon is computed from the first {@code minVisitorsPerVariant} visitors
 */
public record Analysis(Method method, double alpha, double power, double mde, int minVisitorsPerVariant, Correction correction,
                       Double baseline) {

    public enum Method implements WireName { SEQUENTIAL, FIXED, BAYESIAN }

    public enum Correction implements WireName { HOLM, BENJAMINI_HOCHBERG }

    public static final Analysis DEFAULTS = new Analysis(Method.SEQUENTIAL, 0.05, 0.8, 0.10, 500, Correction.HOLM);

    public Analysis(Method method, double alpha, double power, double mde, int minVisitorsPerVariant, Correction correction) {
        this(method, alpha, power, mde, minVisitorsPerVariant, correction, null);
    }
}
