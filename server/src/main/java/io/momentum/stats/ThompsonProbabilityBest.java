package io.momentum.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Thompson sampling's allocation: for Beta arms, the probability that each arm has the highest
 * rate, {@code P(best_i) = ∫ f_i(x) Π_{j≠i} F_j(x) dx}, computed by quadrature (see {@link BetaRace}),
 * not by sampling.
 */
public final class ThompsonProbabilityBest {
    /** More arms than this is not an experiment a marketer runs, and bounds the work per call. */
    public static final int MAX_ARMS = 100;

    private ThompsonProbabilityBest() {
    }

    /** Probability of being best, per arm in input order. */
    public record Result(List<Double> probBest) {
    }

    public static Result of(List<BetaArm> arms) {
        if (arms.isEmpty() || arms.size() > MAX_ARMS) {
            throw new IllegalArgumentException("arms must hold 1 to " + MAX_ARMS + " arms, had " + arms.size());
        }
        List<Double> best = new ArrayList<>(arms.size());
        for (int i = 0; i < arms.size(); i++) {
            best.add(arms.size() == 1 ? 1.0 : BetaRace.probabilityBest(arms, i));
        }
        return new Result(List.copyOf(best));
    }
}
