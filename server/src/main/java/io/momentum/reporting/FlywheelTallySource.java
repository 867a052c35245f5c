package io.momentum.reporting;

import io.momentum.experiment.Dimension;
import io.momentum.experiment.FlywheelDefinition;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the flywheel report's tallies come from: the rollup (closed work kept in MongoDB) plus the visitors active since
 * its watermark recomputed from the raw log, or, while no rollup is complete, the raw log alone. Both give the same
 * tallies: the rollup holds the sum of stored per-visitor contributions, and each active visitor's stored contribution
 * is swapped for a fresh one. Blocking: worker threads only.
 */
public final class FlywheelTallySource {
    /** A rollup that changed while it was read (or is being written) is read again this many times before falling back to the raw log. */
    private static final int ATTEMPTS = 20;
    /** The pause before reading again while a run writes a chunk. */
    private static final long PAUSE_MILLIS = 50;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final FlywheelEvents events;
    private final FlywheelRollup rollup;

    public FlywheelTallySource(FlywheelEvents events, FlywheelRollup rollup) {
        this.events = events;
        this.rollup = rollup;
    }

    /** The tallies of all visitors (and of {@code dimension}'s segments) for the days before {@code until}. */
    public FlywheelTallies tallies(FlywheelDefinition flywheel, Optional<String> dimension, Instant until, Instant now) {
        return rolledUp(flywheel, dimension, until, now).orElseGet(() -> raw(flywheel, dimension, now));
    }

    /** From the raw log only: every event before {@code now}. */
    public FlywheelTallies raw(FlywheelDefinition flywheel, Optional<String> dimension, Instant now) {
        List<FlywheelEvent> all = events.read(FlywheelSeriesCalculator.events(flywheel), now);
        Map<String, Map<String, String>> segments = dimension.isEmpty() ? Map.of() : events.allSegments(dimension.stream().toList());
        return FlywheelSeriesCalculator.tallies(FlywheelSeriesCalculator.contributions(flywheel, all, segments), dimension);
    }

    /** From the rollup, or empty when there is no complete one for this definition (or it kept changing while read). */
    public Optional<FlywheelTallies> rolledUp(FlywheelDefinition flywheel, Optional<String> dimension, Instant until, Instant now) {
        String fingerprint = FlywheelRollupJob.fingerprint(flywheel);
        Optional<FlywheelRollup.State> state = rollup.state(fingerprint);
        for (int attempt = 0; attempt < ATTEMPTS && state.isPresent(); attempt++) {
            if (!state.get().writing()) {
                FlywheelTallies tallies = read(flywheel, dimension, state.get(), until, now);
                Optional<FlywheelRollup.State> after = rollup.state(fingerprint);
                if (after.equals(state)) {
                    return Optional.of(tallies);
                }
                state = after;
            } else {
                pause();
                state = rollup.state(fingerprint);
            }
        }
        return Optional.empty();
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private FlywheelTallies read(FlywheelDefinition flywheel, Optional<String> dimension, FlywheelRollup.State state, Instant until,
                                 Instant now) {
        Set<String> active = events.visitorsActiveSince(state.watermark());
        List<String> dimensions = flywheel.dimensions().stream().map(Dimension::name).toList();
        List<VisitorContribution> fresh = FlywheelSeriesCalculator.contributions(flywheel,
                events.read(FlywheelSeriesCalculator.events(flywheel), active, now), events.segments(active, dimensions));
        Map<String, VisitorContribution> stored = rollup.contributions(active);
        FlywheelTallies tallies = rollup.tallies(dimension, Math.floorDiv(until.toEpochMilli() + MILLIS_PER_DAY - 1, MILLIS_PER_DAY),
                Math.floorDiv(now.toEpochMilli(), MILLIS_PER_DAY));
        Map<String, VisitorContribution> current = new HashMap<>();
        fresh.forEach(c -> current.put(c.visitor(), c));
        for (String visitor : active) {
            VisitorContribution before = stored.get(visitor);
            VisitorContribution after = current.get(visitor);
            if (before != null && before.equals(after)) {
                continue;
            }
            if (before != null) {
                tallies.add(before, -1, FlywheelTallies.keys(before, dimension));
            }
            if (after != null) {
                tallies.add(after, 1, FlywheelTallies.keys(after, dimension));
            }
        }
        return tallies;
    }
}
