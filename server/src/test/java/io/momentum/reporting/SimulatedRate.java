package io.momentum.reporting;

import java.util.Locale;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/** The share of simulated runs that ended some way (a false winner, a found effect), reported with its 95 % Wilson interval. */
record SimulatedRate(int hits, int runs) {
    double rate() {
        return (double) hits / runs;
    }

    /** At most {@code alpha} up to sampling error: {@code alpha} plus 1.96 binomial standard errors of {@code runs} runs. */
    boolean atMost(double alpha) {
        return rate() <= alpha + 1.96 * Math.sqrt(alpha * (1 - alpha) / runs);
    }

    @Override
    public String toString() {
        ConfidenceInterval interval = new WilsonScoreInterval().createInterval(runs, hits, 0.95);
        return String.format(Locale.ROOT, "%.3f (95%% CI %.3f to %.3f, %d runs)", rate(), interval.getLowerBound(),
                interval.getUpperBound(), runs);
    }
}
