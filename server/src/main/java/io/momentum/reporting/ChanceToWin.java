package io.momentum.reporting;

import io.momentum.stats.BayesianBetaBinomial;
import io.momentum.stats.BetaArm;
import io.momentum.stats.Proportion;
import org.apache.commons.math3.special.Erf;

/**
 * Bayesian chance to beat the control and expected loss for one goal, Beta(1,1) prior. Small
 * posteriors use the exact quadrature of {@link BayesianBetaBinomial} (about 4 ms per comparison);
 * when every Beta parameter is at least {@link #NORMAL_FROM} the posteriors are practically normal
 * and the closed forms for two normals are used (microseconds; the difference to the exact value is
 * below 0.002 there): {@code P(B > A) = Φ(δ/σ)}, {@code E[max(A - B, 0)] = σ φ(δ/σ) - δ Φ(-δ/σ)} with
 * {@code δ = μB - μA}, {@code σ² = varA + varB}. This keeps a 5-variant x 10-goal report under 5 ms.
 */
final class ChanceToWin {
    static final double NORMAL_FROM = 100;
    private static final BetaArm UNIFORM_PRIOR = new BetaArm(1, 1);

    private ChanceToWin() {
    }

    record Result(Double chanceToWin, Double expectedLoss) {
    }

    static Result of(Proportion control, Proportion treatment) {
        BetaArm a = UNIFORM_PRIOR.update(control);
        BetaArm b = UNIFORM_PRIOR.update(treatment);
        if (Math.min(Math.min(a.alpha(), a.beta()), Math.min(b.alpha(), b.beta())) < NORMAL_FROM) {
            BayesianBetaBinomial.Result exact = BayesianBetaBinomial.compare(control, treatment, UNIFORM_PRIOR);
            return new Result(exact.probTreatmentBeatsControl(), exact.expectedLossTreatment());
        }
        double delta = b.mean() - a.mean();
        double sigma = Math.sqrt(variance(a) + variance(b));
        double z = delta / sigma;
        double density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        double loss = sigma * density - delta * upperTail(z);
        return new Result(1 - upperTail(z), Math.max(0, loss));
    }

    private static double variance(BetaArm arm) {
        double n = arm.alpha() + arm.beta();
        return arm.alpha() * arm.beta() / (n * n * (n + 1));
    }

    /** P(Z >= z). */
    private static double upperTail(double z) {
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }
}
