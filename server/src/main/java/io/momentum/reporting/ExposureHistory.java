package io.momentum.reporting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The time dimension of an experiment's exposures, as the durable event log knows it (tracking implements
 * it on MongoDB). Blocking: call from a worker thread only.
 */
public interface ExposureHistory {
    /** Window of the traffic rate used for ETAs. */
    Duration RATE_WINDOW = Duration.ofDays(7);

    /**
     * Unique visitors first exposed per day, over the last {@link #RATE_WINDOW}, or over the time since the first
     * exposure if the experiment is younger (at least one hour, so a fresh start does not extrapolate
     * from minutes). Null when nobody was exposed in the window.
     */
    Double visitorsPerDay(String experimentId, Instant now);

    /** Per UTC exposure day and variant: visitors and how many of them did {@code goal}. */
    List<DailyCohort> dailyCohorts(String experimentId, String goal);
}
