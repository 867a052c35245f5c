package io.momentum.reporting;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The event log as the flywheel and funnel reports read it (tracking implements it on MongoDB). Blocking: worker threads only. */
public interface FlywheelEvents {
    /** Every event named in {@code names} that happened before {@code until}, oldest first. */
    List<FlywheelEvent> read(Set<String> names, Instant until);
}
