package io.momentum.bandit;

import io.momentum.stats.BetaArm;
import io.momentum.stats.Proportion;
import io.momentum.stats.ThompsonProbabilityBest;
import java.util.ArrayList;
import java.util.List;

/**
 * Thompson-sampling weights: each arm's share is its posterior probability of being the best,
 * P(best) under Beta(1 + converters, 1 + exposures - converters), computed exactly by integration (no
 * random draws). The floor is applied by mixing with the uniform split, {@code w = floor + (1 - k floor) P(best)},
 * so every arm keeps at least {@code floor} and the weights still sum to 1. Pure.
 */
public final class ThompsonAllocator {

    public List<Double> weights(List<Proportion> arms, double floor) {
        int k = arms.size();
        if (!(floor >= 0) || floor * k > 1) {
            throw new IllegalArgumentException("floor must be in [0, 1/" + k + "], was " + floor);
        }
        List<BetaArm> posteriors = arms.stream().map(a -> new BetaArm(1, 1).update(a)).toList();
        List<Double> best = ThompsonProbabilityBest.of(posteriors).probBest();
        double total = best.stream().mapToDouble(Double::doubleValue).sum();
        List<Double> weights = new ArrayList<>(k);
        for (double p : best) {
            double share = total > 0 ? p / total : 1.0 / k;
            weights.add(floor + (1 - k * floor) * share);
        }
        return List.copyOf(weights);
    }
}
