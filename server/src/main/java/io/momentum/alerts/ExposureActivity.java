package io.momentum.alerts;

import java.time.Instant;
import java.util.Optional;

/** When an experiment last had an exposure, as the durable event log knows it (tracking implements it). Blocking. */
@FunctionalInterface
public interface ExposureActivity {
    Optional<Instant> lastExposure(String experimentId);
}
