package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.assign.Exposure;
import io.momentum.assign.ExposureRecorder;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentExposuresTest {
    private final AtomicLong nanos = new AtomicLong();
    private final RecentExposures recent = new RecentExposures(1_000, Duration.ofHours(1), nanos::get);
    /** What reached the (fake) Redis write, one list per write. */
    private final List<List<Exposure>> written = new ArrayList<>();

    private static Exposure exposure(String experiment, String visitor) {
        return new Exposure(experiment, "control", visitor, Instant.EPOCH);
    }

    /** The assign path: skip remembered pairs, write the rest through a sink answering {@code outcome}. */
    private ExposureRecorder recorder(Future<IngestResult> outcome) {
        return recent.skipping(recent.remembering(batch -> {
            written.add(List.copyOf(batch));
            return outcome;
        }));
    }

    private static Future<IngestResult> accepted(int count) {
        return Future.succeededFuture(new IngestResult(count, 0, List.of()));
    }

    @Test
    void aReturningVisitorsRecordedExposureDoesNotReachRedisAgain() {
        ExposureRecorder recorder = recorder(accepted(2));
        recorder.record(List.of(exposure("hero", "v1"), exposure("cta", "v1")));

        recorder.record(List.of(exposure("hero", "v1"), exposure("cta", "v1")));

        assertEquals(1, written.size(), "the repeat page view went to Redis");
    }

    @Test
    void onlyTheNewExposuresOfAVisitorAreWritten() {
        ExposureRecorder recorder = recorder(accepted(1));
        recorder.record(List.of(exposure("hero", "v1")));

        recorder.record(List.of(exposure("hero", "v1"), exposure("cta", "v1"), exposure("hero", "v2")));

        assertEquals(List.of(exposure("cta", "v1"), exposure("hero", "v2")), written.get(1));
    }

    @Test
    void aFailedWriteIsNotRemembered() {
        recorder(Future.failedFuture("redis down")).record(List.of(exposure("hero", "v1")));

        recorder(accepted(1)).record(List.of(exposure("hero", "v1")));

        assertEquals(2, written.size(), "the exposure whose write failed was skipped on the retry");
    }

    @Test
    void aRejectedExposureIsNotRemembered() {
        Future<IngestResult> secondRejected = Future.succeededFuture(
                new IngestResult(1, 0, List.of(new IngestResult.Rejection(1, "experiment \"cta\" is not running (paused)"))));
        recorder(secondRejected).record(List.of(exposure("hero", "v1"), exposure("cta", "v1")));

        recorder(accepted(1)).record(List.of(exposure("hero", "v1"), exposure("cta", "v1")));

        assertEquals(List.of(exposure("cta", "v1")), written.get(1));
    }

    @Test
    void aDuplicateIsRememberedLikeANewExposure() {
        recorder(Future.succeededFuture(new IngestResult(0, 1, List.of()))).record(List.of(exposure("hero", "v1")));

        recorder(accepted(1)).record(List.of(exposure("hero", "v1")));

        assertEquals(1, written.size());
    }

    @Test
    void aPairIsForgottenAfterTheExpiry() {
        ExposureRecorder recorder = recorder(accepted(1));
        recorder.record(List.of(exposure("hero", "v1")));

        nanos.addAndGet(Duration.ofHours(1).plusSeconds(1).toNanos());
        recorder.record(List.of(exposure("hero", "v1")));

        assertEquals(2, written.size());
    }

    @Test
    void theSameVisitorInAnotherExperimentIsNew() {
        ExposureRecorder recorder = recorder(accepted(1));
        recorder.record(List.of(exposure("hero", "v1")));

        recorder.record(List.of(exposure("hero-2", "v1")));

        assertEquals(2, written.size());
        assertTrue(written.get(1).contains(exposure("hero-2", "v1")));
    }

    @Test
    void refusesAnExpiryAsLongAsTheDedupeWindow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RecentExposures(10, Duration.ofSeconds(RedisKeys.DEDUPE_TTL_SECONDS), nanos::get));
        assertTrue(e.getMessage().contains("PT168H"), e.getMessage());
    }
}
