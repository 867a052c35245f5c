package io.momentum.tracking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.momentum.assign.ExposureRecorder;
import io.momentum.assign.ExposureTokens;
import io.momentum.assign.MintedVisitors;
import io.momentum.assignment.AssignmentIndexCache;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.reporting.Allocations;
import io.momentum.experiment.Variant;
import io.momentum.storage.Storage;
import io.momentum.web.ApiJson;
import io.vertx.core.Future;
import io.momentum.web.IngestKey;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The tracking feature assembled: ingest (also the {@link ExposureRecorder} of the assign route), its
 * routes, the counter reader for the reports, and the background MongoDB writer (stopped by {@link #close()}).
 * The MongoDB adapters of the reports and bandits ({@link MongoExposureHistory}, {@link MongoWeightPeriods}) live here too.
 */
public final class Tracking implements AutoCloseable {
    private final EventIngest ingest;
    private final ExposureBatcher exposures;
    private final ExposureRecorder recorder;
    private final CounterStore counters;
    private final TrackingCounts counts;
    private final EventLogWriter writer;
    private final EventRoutes routes;
    private final EventBacklog backlog;

    private Tracking(EventIngest ingest, ExposureBatcher exposures, RecentExposures recent, CounterStore counters,
                     EventLogWriter writer, EventRoutes routes, EventBacklog backlog) {
        this.ingest = ingest;
        this.exposures = exposures;
        this.recorder = recent.skipping(exposures);
        this.counters = counters;
        this.counts = new TrackingCounts(counters);
        this.writer = writer;
        this.routes = routes;
        this.backlog = backlog;
    }

    /**
     * Attributes client-sent exposures with the assignment engine's deterministic bucketing; with
     * {@code requiredTokens} they count only with the exposure token of their assignment; batches with the
     * {@code ingestKey} may carry server events.
     */
    public static Tracking start(Vertx vertx, Storage storage, ExperimentCatalog catalog, ApiJson json, Optional<MeterRegistry> metrics, Clock clock,
                                 long maxEventBacklog, Optional<ExposureTokens> requiredTokens, MintedVisitors minted,
                                 IngestKey ingestKey, Allocations allocations) {
        RedisKeys keys = new RedisKeys(storage.redisPrefix());
        EventLog eventLog = new EventLog(storage.mongo());
        Optional<Counter> quarantined = metrics.map(registry -> Counter.builder("momentum_event_log_quarantined")
                .description("Stream entries MongoDB rejected one by one, moved to the " + EventLog.QUARANTINE + " collection")
                .register(registry));
        EventLogWriter writer = new EventLogWriter(storage.redis(), keys, eventLog, storage::syncMongo,
                () -> quarantined.ifPresent(Counter::increment)).start();
        metrics.ifPresent(registry -> Gauge.builder("momentum_event_log_writer_lag", writer, EventLogWriter::lag)
                .description("Event stream entries not yet written to MongoDB (pending + unread)")
                .register(registry));
        AssignmentIndexCache assigners = new AssignmentIndexCache();
        VariantResolver resolver = (experiment, visitor) -> assigners.indexFor(catalog.current())
                .bucketVariant(experiment, visitor).map(Variant::key);
        EventBacklog backlog = new EventBacklog(vertx, storage.redis(), keys, maxEventBacklog).start();
        EventIngest ingest = new EventIngest(vertx, storage.redis(), keys, catalog, resolver, clock, backlog,
                metrics.orElseGet(SimpleMeterRegistry::new), requiredTokens, minted, storage::redisConnected,
                allocations);
        CounterStore counters = new CounterStore(vertx, storage.redis(), keys);
        ConsistencyCheck consistency = new ConsistencyCheck(vertx, catalog, counters,
                new CounterRebuild(storage.redis(), keys, eventLog), keys, writer, eventLog);
        EventRoutes routes = new EventRoutes(json, new EventParser(clock, () -> UUID.randomUUID().toString()), ingest,
                consistency, new VisitorHistory(vertx, eventLog, writer), ingestKey);
        RecentExposures recent = new RecentExposures();
        metrics.ifPresent(registry -> Gauge.builder("momentum_recent_exposures", recent, RecentExposures::size)
                .description("(experiment, visitor) pairs remembered as recorded, whose repeat exposures skip Redis")
                .register(registry));
        ExposureBatcher batcher = new ExposureBatcher(vertx, recent.remembering(ingest::recordExposures));
        return new Tracking(ingest, batcher, recent, counters, writer, routes, backlog);
    }

    public EventRoutes routes() {
        return routes;
    }

    /**
     * Server-logged exposures, batched across requests; a pair Redis recently took is not sent again (the dedupe
     * would only call it a duplicate).
     */
    public ExposureRecorder exposureRecorder() {
        return recorder;
    }

    /** Sends the batched exposures now; the shutdown calls it once no request can add more. */
    public Future<Void> flushExposures() {
        return exposures.flush();
    }

    /** The raw counter hashes (for the consistency check and tests of the counter layout). */
    public CounterStore counters() {
        return counters;
    }

    /** What the results and flywheel reports and the bandits read. */
    public TrackingCounts counts() {
        return counts;
    }

    /** Acknowledged events waiting in the Redis streams for MongoDB, measured from Redis every 100 ms (also while MongoDB is down). */
    public long waitingEvents() {
        return backlog.waiting();
    }

    public EventLogWriter writer() {
        return writer;
    }

    /** Stops the writer after its pass in flight; call before closing the stores. */
    @Override
    public void close() {
        backlog.close();
        writer.close();
    }
}
