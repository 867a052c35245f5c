package io.momentum.stats;

/**
 * Bayesian comparison of two conversion rates with Beta priors (default Beta(1,1)).
 *
 * <p>Posteriors {@code A ~ Beta(α0 + cA, β0 + nA - cA)}, {@code B} likewise.
 * {@code prob_treatment_beats_control = P(B > A) = ∫ f_B(x) F_A(x) dx} by quadrature (see
 * {@link BetaRace}). {@code expected_loss_treatment = E[max(A - B, 0)]}, the rate given up by
 * choosing treatment, from the size-biasing identity {@code x f_{α,β}(x) = mean · f_{α+1,β}(x)}:
 * {@code E[max(A - B, 0)] = mean_A P(A⁺ > B) - mean_B P(A > B⁺)} with {@code A⁺ ~ Beta(α_A + 1, β_A)}.
 * Empty arms are fine: the posterior is then the prior.
 */
public final class BayesianBetaBinomial {
    private BayesianBetaBinomial() {
    }

    /** Chance that treatment's rate is higher, and the expected loss of choosing treatment. */
    public record Result(Double probTreatmentBeatsControl, Double expectedLossTreatment) {
    }

    public static Result compare(Proportion control, Proportion treatment, BetaArm prior) {
        BetaArm a = prior.update(control);
        BetaArm b = prior.update(treatment);
        double beats = BetaRace.probabilityGreater(b, a);
        BetaArm aPlus = new BetaArm(a.alpha() + 1, a.beta());
        BetaArm bPlus = new BetaArm(b.alpha() + 1, b.beta());
        double loss = a.mean() * BetaRace.probabilityGreater(aPlus, b) - b.mean() * BetaRace.probabilityGreater(a, bPlus);
        return new Result(Finite.orNull(beats), Finite.orNull(Math.max(0, loss)));
    }
}
