package io.momentum.reporting;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The traffic split in force: published bandit weights and their periods; fixed experiments have neither. */
public interface Allocations {
    /** No bandit publishes weights. */
    Allocations NONE = new Allocations() {
        @Override
        public Optional<Map<String, Double>> weights(String experimentId) {
            return Optional.empty();
        }

        @Override
        public List<WeightPeriod> periods(String experimentId) {
            return List.of();
        }
    };

    /** The current normalised weights of a bandit experiment, if a bandit has published any. */
    Optional<Map<String, Double>> weights(String experimentId);

    /** Every weight period of a bandit experiment, oldest first. */
    List<WeightPeriod> periods(String experimentId);
}
