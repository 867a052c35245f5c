package io.momentum.stats;

import java.util.List;
import java.util.TreeSet;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.special.Beta;

/**
 * For independent Beta arms, the probability that each has the largest rate,
 * {@code P(best_i) = ∫ f_i(x) Π_{j≠i} F_j(x) dx}, by deterministic quadrature.
 *
 * <p>Posteriors of large experiments are needle-thin (sd ~ 1e-4 at 1e7 visitors) and sit at
 * different places, so one grid serves all arms: it spans every arm's mean ± 40 sd (beyond which
 * a Beta tail is below 1e-17, so the density counts as 0 and the CDF as 0 or 1 there), is split at
 * breakpoints in units of each arm's standard deviation, plus geometric breakpoints towards 0 and 1
 * when a parameter is below 1 (singular density), and each piece gets a 20-point Gauss–Legendre
 * rule. Densities and CDFs are evaluated once per node and shared by all arms. Against exact closed
 * forms this agrees to about 1e-10.
 */
final class BetaRace {
    private static final double REACH_SD = 40;
    private static final double[] SD_STEPS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 30};
    private static final int GEOMETRIC_DECADES = 16;
    private static final GaussIntegrator LEGENDRE_20 = new GaussIntegratorFactory().legendre(20);

    private BetaRace() {
    }

    static double[] probabilitiesBest(List<BetaArm> arms) {
        int k = arms.size();
        double[] lower = new double[k];
        double[] upper = new double[k];
        double[] logNorm = new double[k];
        for (int j = 0; j < k; j++) {
            BetaArm arm = arms.get(j);
            lower[j] = Math.max(0, arm.mean() - REACH_SD * arm.standardDeviation());
            upper[j] = Math.min(1, arm.mean() + REACH_SD * arm.standardDeviation());
            logNorm[j] = Beta.logBeta(arm.alpha(), arm.beta());
        }
        double[] cuts = breakpoints(arms, lower, upper);
        double[] totals = new double[k];
        double[] cdf = new double[k];
        double[] density = new double[k];
        double[] suffix = new double[k + 1];
        for (int c = 0; c + 1 < cuts.length; c++) {
            double half = (cuts[c + 1] - cuts[c]) / 2;
            double mid = (cuts[c + 1] + cuts[c]) / 2;
            for (int node = 0; node < LEGENDRE_20.getNumberOfPoints(); node++) {
                double x = mid + half * LEGENDRE_20.getPoint(node);
                if (x <= 0 || x >= 1) {
                    continue; // a node of a sub-ulp piece rounded onto an end point; its weight is negligible
                }
                boolean anyDensity = false;
                for (int j = 0; j < k; j++) {
                    BetaArm arm = arms.get(j);
                    boolean inside = x > lower[j] && x < upper[j];
                    density[j] = inside ? Math.exp((arm.alpha() - 1) * Math.log(x)
                            + (arm.beta() - 1) * Math.log1p(-x) - logNorm[j]) : 0;
                    cdf[j] = x <= lower[j] ? 0 : x >= upper[j] ? 1 : Beta.regularizedBeta(x, arm.alpha(), arm.beta());
                    anyDensity |= density[j] > 0;
                }
                if (!anyDensity) {
                    continue;
                }
                // Π_{j≠i} F_j from prefix and suffix products, so a zero CDF never gets divided by.
                suffix[k] = 1;
                for (int j = k - 1; j >= 0; j--) {
                    suffix[j] = suffix[j + 1] * cdf[j];
                }
                double prefix = 1;
                double weight = half * LEGENDRE_20.getWeight(node);
                for (int i = 0; i < k; i++) {
                    totals[i] += weight * density[i] * prefix * suffix[i + 1];
                    prefix *= cdf[i];
                }
            }
        }
        for (int i = 0; i < k; i++) {
            totals[i] = Math.min(1, Math.max(0, totals[i]));
        }
        return totals;
    }

    /** P(first > second) for two Beta variables. */
    static double probabilityGreater(BetaArm first, BetaArm second) {
        return probabilitiesBest(List.of(first, second))[0];
    }

    private static double[] breakpoints(List<BetaArm> arms, double[] lower, double[] upper) {
        double from = 1;
        double to = 0;
        for (int j = 0; j < arms.size(); j++) {
            from = Math.min(from, lower[j]);
            to = Math.max(to, upper[j]);
        }
        TreeSet<Double> cuts = new TreeSet<>();
        cuts.add(from);
        cuts.add(to);
        for (BetaArm arm : arms) {
            for (double step : SD_STEPS) {
                addInside(cuts, arm.mean() - step * arm.standardDeviation(), from, to);
                addInside(cuts, arm.mean() + step * arm.standardDeviation(), from, to);
            }
        }
        if (arms.stream().anyMatch(arm -> arm.alpha() < 1 || arm.beta() < 1)) {
            double scale = 1;
            for (int decade = 0; decade < GEOMETRIC_DECADES; decade++) {
                scale /= 10;
                addInside(cuts, scale, from, to);
                addInside(cuts, 1 - scale, from, to);
            }
        }
        return cuts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void addInside(TreeSet<Double> cuts, double x, double from, double to) {
        if (x > from && x < to) {
            cuts.add(x);
        }
    }
}
