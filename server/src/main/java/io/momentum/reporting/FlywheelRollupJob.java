package io.momentum.reporting;

import io.momentum.experiment.Dimension;
import io.momentum.experiment.FlywheelDefinition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the flywheel's daily rollup: each run recomputes, from their whole history, the contributions of the visitors
 * active since the last watermark and applies the difference to the daily tallies; the watermark then moves to
 * {@link #SETTLE} before now, so events still on their way to the log (the writer drains the Redis stream) are
 * picked up by the next run or by the report's own look at the visitors active since. Blocking: worker threads only.
 */
public final class FlywheelRollupJob {
    /** How far the watermark stays behind now: the log writer's lag this tolerates (plus the events' 5 minutes of clock skew). */
    public static final Duration SETTLE = Duration.ofMinutes(10);
    /** A run holds the job this long at most (a first build of a big log included); after that another server may take over. */
    public static final Duration LEASE = Duration.ofHours(2);
    private static final int CHUNK = 1_000;

    private final FlywheelEvents events;
    private final FlywheelRollup rollup;

    public FlywheelRollupJob(FlywheelEvents events, FlywheelRollup rollup) {
        this.events = events;
        this.rollup = rollup;
    }

    /** What one run did. */
    public record Run(boolean ran, boolean rebuilt, long visitors, Instant watermark) {
    }

    /** One run as of {@code now}; {@code ran} is false when another run (another server) holds the job. */
    public Run run(FlywheelDefinition flywheel, Instant now) {
        String fingerprint = fingerprint(flywheel);
        Optional<FlywheelRollup.Lease> lease = rollup.begin(fingerprint, now, LEASE);
        if (lease.isEmpty()) {
            return new Run(false, false, 0, null);
        }
        Instant watermark = now.minus(SETTLE);
        Set<String> names = FlywheelSeriesCalculator.events(flywheel);
        List<String> dimensions = flywheel.dimensions().stream().map(Dimension::name).toList();
        // Not visitors whose events are all too recent for this watermark: on the embedded store every chunk below is
        // a scan of the whole log that holds back the writer's inserts.
        List<String> touched = new ArrayList<>(events.visitorsActiveBetween(lease.get().watermark().orElse(Instant.EPOCH), watermark));
        for (int i = 0; i < touched.size(); i += CHUNK) {
            List<String> chunk = touched.subList(i, Math.min(touched.size(), i + CHUNK));
            Map<String, VisitorContribution> old = rollup.contributions(chunk);
            List<VisitorContribution> fresh = FlywheelSeriesCalculator.contributions(flywheel, events.read(names, chunk, watermark),
                    events.segments(chunk, dimensions));
            rollup.apply(lease.get(), old, fresh, chunk, Math.floorDiv(watermark.toEpochMilli(), 86_400_000L));
        }
        rollup.finish(fingerprint, lease.get(), watermark);
        return new Run(true, lease.get().watermark().isEmpty(), touched.size(), watermark);
    }

    /** What the rollup depends on: the stages with their KPI settings, the window and the dimensions (not the funnels). */
    public static String fingerprint(FlywheelDefinition flywheel) {
        String definition = flywheel.stages() + "|" + flywheel.window() + "|" + flywheel.dimensions();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(definition.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
