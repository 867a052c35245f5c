package io.momentum.stats;

import java.util.List;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.special.Beta;

/**
 * P(arm i has the largest rate) for independent Beta arms, by deterministic quadrature of
 * {@code ∫ f_i(x) Π_{j≠i} F_j(x) dx}.
 *
 * <p>Posteriors of large experiments are needle-thin (sd ~ 1e-4 at 1e7 visitors) and sit at
 * different places, so the integral is split at breakpoints placed in units of every arm's standard
 * deviation (out to 40 sd, where the Beta tail is below 1e-17) plus geometric breakpoints towards 0
 * and 1 (for densities with a parameter below 1), and each piece gets a 20-point Gauss–Legendre rule.
 */
final class BetaRace {
    private static final double[] SD_STEPS = {0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8, 9, 10,
        12, 14, 17, 20, 25, 30, 40};
    private static final int GEOMETRIC_DECADES = 16;
    private static final GaussIntegrator LEGENDRE_20 = new GaussIntegratorFactory().legendre(20);

    private BetaRace() {
    }

    static double probabilityBest(List<BetaArm> arms, int index) {
        BetaArm candidate = arms.get(index);
        double logNorm = Beta.logBeta(candidate.alpha(), candidate.beta());
        DoubleUnaryOperator integrand = x -> {
            double product = Math.exp((candidate.alpha() - 1) * Math.log(x)
                    + (candidate.beta() - 1) * Math.log1p(-x) - logNorm);
            for (int j = 0; j < arms.size() && product > 0; j++) {
                if (j != index) {
                    product *= Beta.regularizedBeta(x, arms.get(j).alpha(), arms.get(j).beta());
                }
            }
            return product;
        };
        double[] cuts = breakpoints(arms, support(candidate));
        double total = 0;
        for (int k = 0; k + 1 < cuts.length; k++) {
            total += legendre(integrand, cuts[k], cuts[k + 1]);
        }
        return Math.min(1, Math.max(0, total));
    }

    private static double legendre(DoubleUnaryOperator f, double from, double to) {
        double half = (to - from) / 2;
        double mid = (to + from) / 2;
        double sum = 0;
        for (int i = 0; i < LEGENDRE_20.getNumberOfPoints(); i++) {
            sum += LEGENDRE_20.getWeight(i) * f.applyAsDouble(mid + half * LEGENDRE_20.getPoint(i));
        }
        return sum * half;
    }

    /** Where the candidate's density is not negligible: mean ± 40 sd, clipped to [0, 1]. */
    private static double[] support(BetaArm arm) {
        double reach = 40 * arm.standardDeviation();
        return new double[] {Math.max(0, arm.mean() - reach), Math.min(1, arm.mean() + reach)};
    }

    private static double[] breakpoints(List<BetaArm> arms, double[] range) {
        TreeSet<Double> cuts = new TreeSet<>();
        cuts.add(range[0]);
        cuts.add(range[1]);
        for (BetaArm arm : arms) {
            for (double step : SD_STEPS) {
                addInside(cuts, arm.mean() - step * arm.standardDeviation(), range);
                addInside(cuts, arm.mean() + step * arm.standardDeviation(), range);
            }
        }
        double scale = 1;
        for (int decade = 0; decade < GEOMETRIC_DECADES; decade++) {
            scale /= 10;
            addInside(cuts, scale, range);
            addInside(cuts, 1 - scale, range);
        }
        return cuts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void addInside(TreeSet<Double> cuts, double x, double[] range) {
        if (x > range[0] && x < range[1]) {
            cuts.add(x);
        }
    }
}
