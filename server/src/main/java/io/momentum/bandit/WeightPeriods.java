package io.momentum.bandit;

import io.momentum.reporting.WeightPeriod;
import java.util.List;

/**
 * The durable record of every bandit weight period (MongoDB in production, implemented by tracking's adapter).
 * Writing period {@code n} succeeds for one writer only, so concurrent server instances agree.
 * Blocking: call from a worker thread only.
 */
public interface WeightPeriods {
    /** The experiment's periods, oldest first; {@code goal} is the primary goal whose counters each period kept. */
    List<WeightPeriod> load(String experimentId, String goal);

    /** Writes period {@code n}; false if another instance wrote it first. */
    boolean insert(String experimentId, int n, WeightPeriod period, String goal);
}
