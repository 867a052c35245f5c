package io.momentum.reporting;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The event log as the flywheel and funnel reports read it (tracking implements it on MongoDB). Blocking: worker threads only. */
public interface FlywheelEvents {
    /** Every event named in {@code names} that happened before {@code until}, oldest first. */
    List<FlywheelEvent> read(Set<String> names, Instant until);

    /** The same, of these visitors only. */
    List<FlywheelEvent> read(Set<String> names, Collection<String> visitors, Instant until);

    /**
     * Every visitor with an event of any type received by the log at or after {@code since} or dated at or after it
     * (all visitors for {@link Instant#EPOCH}).
     */
    Set<String> visitorsActiveSince(Instant since);

    /**
     * As {@link #visitorsActiveSince}, but only visitors with an event received before {@code until} plus the most an
     * event's time may lie ahead of its receipt: the events a rollup up to {@code until} can use. The others' turn is
     * the next rollup's, which starts from {@code until}.
     */
    Set<String> visitorsActiveBetween(Instant since, Instant until);

    /**
     * These visitors' segments: the values fixed at their first exposure to any experiment (the earliest
     * {@code exposed_at}), per dimension named; visitors never exposed are absent.
     */
    Map<String, Map<String, String>> segments(Collection<String> visitors, Collection<String> dimensions);

    /** The segments of every exposed visitor. */
    Map<String, Map<String, String>> allSegments(Collection<String> dimensions);
}
