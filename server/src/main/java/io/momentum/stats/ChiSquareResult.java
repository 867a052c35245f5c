package io.momentum.stats;

/** Outcome of a chi-square test: statistic, degrees of freedom and upper-tail p-value (null when undefined). */
public record ChiSquareResult(Double statistic, Integer df, Double pValue) {
}
