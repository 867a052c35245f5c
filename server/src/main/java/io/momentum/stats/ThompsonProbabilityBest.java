package io.momentum.stats;

import java.util.Arrays;
import java.util.List;

/**
 * Thompson sampling's allocation: for Beta arms, the probability that each arm has the highest
 * rate, {@code P(best_i) = ∫ f_i(x) Π_{j≠i} F_j(x) dx}, computed by quadrature (see {@link BetaRace}),
 * not by sampling.
 */
public final class ThompsonProbabilityBest {
    /** More arms than a marketer runs; bounds the work per call (50 arms of 1e7 visitors: about 1 s). */
    public static final int MAX_ARMS = 50;

    private ThompsonProbabilityBest() {
    }

    /** Probability of being best, per arm in input order. */
    public record Result(List<Double> probBest) {
    }

    public static Result of(List<BetaArm> arms) {
        if (arms.isEmpty() || arms.size() > MAX_ARMS) {
            throw new IllegalArgumentException("arms must hold 1 to " + MAX_ARMS + " arms, had " + arms.size());
        }
        if (arms.size() == 1) {
            return new Result(List.of(1.0));
        }
        return new Result(Arrays.stream(BetaRace.probabilitiesBest(arms)).boxed().toList());
    }
}
