package io.momentum.tracking;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.momentum.MomentumServer;
import io.momentum.assignment.VariantAssigner;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Variant;
import io.momentum.experiment.YamlExperimentCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** The experiments the tracking tests run against, written as YAML, and helpers for the tests' Redis and event-log writer. */
final class TrackingFixtures {
    static final String HERO = "pricing-hero";
    static final String CTA = "upgrade-cta";
    static final String NPS = "nps-widget";
    static final String REFERRAL = "referral-reward";
    static final String PAUSED = "paused-test";

    private TrackingFixtures() {
    }

    /**
     * Two running experiments sharing the revenue goal "purchase", a survey, a referral and a paused one,
     * written into {@code dir} (created if needed); returns the directory.
     */
    static Path writeExperiments(Path dir) throws IOException {
        Files.createDirectories(dir);
        write(dir, HERO, "activation", "landing_page", "running",
                "primary: { event: signup }\n  secondary: [ { event: purchase, value: revenue } ]\n  guardrails: [ { event: unsubscribe, must_not: increase } ]");
        write(dir, CTA, "adoption", "cta", "running", "primary: { event: upgrade }\n  secondary: [ { event: purchase, value: revenue } ]");
        write(dir, NPS, "adoration", "survey", "running", "primary: { event: survey, metric: nps }");
        write(dir, REFERRAL, "advocacy", "reward", "running", "primary: { event: referral }");
        write(dir, PAUSED, "adoption", "cta", "paused", "primary: { event: purchase }");
        return dir;
    }

    private static void write(Path dir, String id, String stage, String kind, String status, String goals) throws IOException {
        Files.writeString(dir.resolve(id + ".yaml"), "id: " + id + "\nname: " + id + "\nstage: " + stage + "\nkind: " + kind
                + "\nstatus: " + status + "\nvariants:\n  - { key: control, weight: 50, payload: {} }\n"
                + "  - { key: treatment, weight: 50, payload: {} }\ngoals:\n  " + goals + "\n");
    }

    /** The experiments of {@link #writeExperiments} as the server loads them. */
    static CatalogSnapshot catalog(Path dir) {
        try (YamlExperimentCatalog catalog = YamlExperimentCatalog.start(dir)) {
            CatalogSnapshot snapshot = catalog.current();
            if (!snapshot.problems().isEmpty() || snapshot.experiments().size() != 5) {
                throw new IllegalStateException("fixture experiments did not load: " + snapshot.problems());
            }
            return snapshot;
        }
    }

    /** The visitor's variant as the server attributes it (the assignment engine's bucketing). */
    static String variantOf(CatalogSnapshot catalog, String experimentId, String visitor) {
        Experiment experiment = catalog.experiment(experimentId).orElseThrow();
        return VariantAssigner.bucketVariant(experiment, visitor).map(Variant::key).orElseThrow();
    }

    static String uniquePrefix() {
        return "momentum-test-" + UUID.randomUUID() + ":";
    }

    /** Waits until the MongoDB writer has emptied every stream; fails naming the lag left after {@code within}. */
    static void awaitWriterCaughtUp(MomentumServer server, Duration within) {
        await("the event-log writer empties every stream (lag in stream entries)").atMost(within)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> server.tracking().writer().measureLag(), lag -> lag == 0);
    }

    /** Deletes every key under the prefix. */
    static void deleteKeys(RedisClusterAsyncCommands<String, String> redis, String prefix) throws Exception {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000)).toCompletableFuture().get();
            if (!page.getKeys().isEmpty()) {
                redis.del(page.getKeys().toArray(String[]::new)).toCompletableFuture().get();
            }
            cursor = page;
        } while (!cursor.isFinished());
    }
}
