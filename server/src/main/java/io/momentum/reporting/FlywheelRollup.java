package io.momentum.reporting;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the flywheel's daily {@link FlywheelTallies} and each visitor's stored {@link VisitorContribution} are kept
 * (tracking implements it on MongoDB). Invariant: the tallies are the sum of the stored contributions, and a stored
 * contribution reflects every event of its visitor received before the watermark. Blocking: worker threads only.
 */
public interface FlywheelRollup {
    /**
     * A complete rollup for the definition {@code fingerprint}. {@code generation} changes whenever the tallies do (a
     * seqlock: {@code writing} while a chunk is being applied), so a reader that saw the same even generation before and
     * after reading got a consistent view.
     */
    record State(Instant watermark, long generation, boolean writing) {
    }

    /** The complete rollup of this definition, or empty (none yet, being rebuilt, another definition). */
    Optional<State> state(String fingerprint);

    /**
     * The tallies of all visitors and, with {@code dimension}, of each of its segments, for the days before {@code untilDay};
     * the lost instants ({@code w*} fields) only for {@code instantsDay}, the one day the report needs them.
     */
    FlywheelTallies tallies(Optional<String> dimension, long untilDay, long instantsDay);

    /** The stored contributions of these visitors (absent: none stored). */
    Map<String, VisitorContribution> contributions(Collection<String> visitors);

    /**
     * Takes the job until {@code now + lease} (empty if another run holds it). A rollup of another definition, or one a
     * run that died left half written, is emptied first and is not readable until this run finishes: the lease's
     * watermark is then empty. Otherwise the rollup stays readable while the run applies its chunks.
     */
    Optional<Lease> begin(String fingerprint, Instant now, Duration lease);

    /** A held job: its run number (fencing: a later run's writes win) and the watermark it continues from (empty: the whole log). */
    record Lease(long run, Optional<Instant> watermark) {
    }

    /**
     * Replaces the visitors' stored contributions with the fresh ones (absent there: none) and applies the difference to
     * the tallies, as one step of the seqlock; fails with IllegalStateException when the lease was lost. Lost instants of
     * days before {@code instantsFromDay} are left out: a report reads them only for the day of its now, which is never
     * before the watermark's day.
     */
    void apply(Lease lease, Map<String, VisitorContribution> old, List<VisitorContribution> fresh, Collection<String> visitors,
               long instantsFromDay);

    /** Ends the job: the rollup is complete up to {@code watermark}. */
    void finish(String fingerprint, Lease lease, Instant watermark);

    /** Empties the rollup, so the next run rebuilds it from the raw log. */
    void reset();
}
