package io.momentum.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Mixture sequential probability ratio test (mSPRT) for the difference of two conversion rates,
 * with a normal mixing distribution N(θ0, τ²) (Johari, Pekelis and Walsh, "Always valid inference").
 *
 * <pre>
 *   θ̂ = pB - pA
 *   V  = pA(1 - pA)/nA + pB(1 - pB)/nB                      (unpooled)
 *   Λ  = sqrt(V / (V + τ²)) · exp( (θ̂ - θ0)² τ² / (2 V (V + τ²)) )
 *   p  = min(1, 1/Λ)
 *   p_n = min(p_{n-1}, 1/Λ_n)                                 (always-valid running minimum over looks)
 * </pre>
 *
 * <p>When an arm is empty or V = 0 (both arms at 0% or 100%, or a tiny arm at an extreme) the data
 * carry no usable variance estimate, so the look is counted as no evidence: Λ = 1. This is the
 * conservative choice: it never lowers the always-valid p-value. Λ is computed in logs; when it is
 * too large for a double, {@code lambda} is null and p is exp(-log Λ) (possibly 0).
 */
public final class MixtureSprt {
    /** Bounds the work per call; daily looks over 27 years. */
    public static final int MAX_LOOKS = 10_000;

    private MixtureSprt() {
    }

    /** One look's mixture likelihood ratio and its p-value min(1, 1/Λ). */
    public record Result(Double lambda, Double pValue) {
    }

    /** Λ and the always-valid p-value per look, in look order. */
    public record Sequence(List<Double> lambda, List<Double> pValue) {
    }

    /** The cumulative counts of both arms at one look. */
    public record Look(Proportion control, Proportion treatment) {
    }

    public static Result test(Proportion control, Proportion treatment, double tau2, double theta0) {
        double logLambda = logLambda(control, treatment, tau2, theta0);
        return new Result(Finite.orNull(Math.exp(logLambda)), pFromLog(logLambda));
    }

    public static Sequence sequence(List<Look> looks, double tau2, double theta0) {
        if (looks.size() > MAX_LOOKS) {
            throw new IllegalArgumentException("at most " + MAX_LOOKS + " looks are allowed, were " + looks.size());
        }
        List<Double> lambdas = new ArrayList<>(looks.size());
        List<Double> pValues = new ArrayList<>(looks.size());
        double running = 1;
        for (Look look : looks) {
            double logLambda = logLambda(look.control(), look.treatment(), tau2, theta0);
            running = Math.min(running, pFromLog(logLambda));
            lambdas.add(Finite.orNull(Math.exp(logLambda)));
            pValues.add(running);
        }
        return new Sequence(lambdas, pValues);
    }

    private static double logLambda(Proportion control, Proportion treatment, double tau2, double theta0) {
        Require.positive("tau2", tau2);
        Require.finite("theta0", theta0);
        if (control.isEmpty() || treatment.isEmpty()) {
            return 0;
        }
        double v = control.varianceOfRate() + treatment.varianceOfRate();
        if (v == 0) {
            return 0;
        }
        double distance = treatment.rate() - control.rate() - theta0;
        return 0.5 * Math.log(v / (v + tau2)) + distance * distance * tau2 / (2 * v * (v + tau2));
    }

    private static double pFromLog(double logLambda) {
        return Math.min(1, Math.exp(-logLambda));
    }
}
