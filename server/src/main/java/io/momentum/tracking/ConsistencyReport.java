package io.momentum.tracking;

import java.util.List;

/**
 * Redis counters of one experiment compared with a recount from MongoDB. Differences are expected while
 * the writer lags (events in Redis streams not yet in MongoDB): {@code writerLag} says how many; and when entries
 * of the experiment were quarantined (the store rejected them): {@code quarantined} says how many.
 */
public record ConsistencyReport(String experiment, boolean consistent, long writerLag, long quarantined, int countersCompared,
                                List<Difference> differences) {
    public ConsistencyReport {
        differences = List.copyOf(differences);
    }

    /** One counter field whose values differ. */
    public record Difference(String counter, long redis, long mongodb) {
    }
}
