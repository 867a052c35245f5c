package io.momentum.reporting;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.momentum.domain.DomainException;
import io.momentum.domain.InvalidInputException;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Dimension;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.experiment.FlywheelDefinition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flywheel and funnel reports: stage counters from tracking, every experiment's (cached) results, and the cohort
 * series from the daily rollup plus the visitors active since (see {@link FlywheelTallySource}); funnels from the raw log.
 *
 * <p>Answers are cached for {@link #DEFAULT_TTL} by their query (the parameters as given, the dimension, the funnel
 * and the catalog version): a reload of flywheel.yaml is a new catalog version, so it never serves the old definition;
 * new events show after at most the TTL; a rollup run changes nothing a report shows, so it invalidates nothing.
 */
public final class FlywheelService implements AutoCloseable {
    /** How long one report is reused: a dashboard refresh or several viewers within it cost one computation. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    /** How often the rollup job runs. */
    public static final Duration ROLLUP_EVERY = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(FlywheelService.class);

    private final Vertx vertx;
    private final ExperimentCatalog catalog;
    private final CountsReader counts;
    private final ResultsService results;
    private final FlywheelEvents events;
    private final FlywheelTallySource tallies;
    private final FlywheelRollupJob job;
    private final Clock clock;
    private final Cache<Query, Future<?>> cache;
    private final FlywheelCalculator calculator = new FlywheelCalculator();
    private final FlywheelSeriesCalculator series = new FlywheelSeriesCalculator();
    private final FunnelCalculator funnels = new FunnelCalculator();
    private final AtomicBoolean rolling = new AtomicBoolean();
    /** Its own thread: a first build over a big log runs for minutes, longer than a worker may block without warnings. */
    private final WorkerExecutor rollupThread;
    private long timer = -1;

    /** A cached answer's key: the report, its parameters as given (defaults move with now, the TTL bounds that) and the catalog version. */
    private record Query(String report, Optional<String> period, Optional<String> from, Optional<String> to, Optional<String> dimension,
                         long catalogVersion) {
    }

    public FlywheelService(Vertx vertx, ExperimentCatalog catalog, CountsReader counts, ResultsService results, FlywheelEvents events,
                           FlywheelRollup rollup, Clock clock, Duration ttl) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.counts = counts;
        this.results = results;
        this.events = events;
        this.tallies = new FlywheelTallySource(events, rollup);
        this.job = new FlywheelRollupJob(events, rollup);
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1_000).build();
        this.rollupThread = vertx.createSharedWorkerExecutor("flywheel-rollup", 1, FlywheelRollupJob.LEASE.toMinutes(), TimeUnit.MINUTES);
    }

    /** Runs the rollup job now and then every {@code every} (one run at a time; another server holding the lease skips it). */
    public FlywheelService startRollup(Duration every) {
        rollUp();
        timer = vertx.setPeriodic(every.toMillis(), id -> rollUp());
        return this;
    }

    private void rollUp() {
        if (!rolling.compareAndSet(false, true)) {
            return;
        }
        FlywheelDefinition flywheel = catalog.current().flywheel();
        rollupThread.executeBlocking(() -> job.run(flywheel, clock.instant()), false)
                .onSuccess(run -> {
                    if (run.rebuilt()) {
                        log.info("flywheel rollup rebuilt from the event log: {} visitors, watermark {}", run.visitors(), run.watermark());
                    }
                })
                .onFailure(e -> log.warn("flywheel rollup run failed; the next run continues from the last watermark (reports stay exact)", e))
                .onComplete(done -> rolling.set(false));
    }

    /** The range of the query parameters, defaults relative to now; fails with InvalidInputException. */
    public ReportRange range(Optional<String> period, Optional<String> from, Optional<String> to) {
        return ReportRange.parse(period, from, to, clock.instant());
    }

    /** The report for the query parameters; fails with {@link InvalidInputException} for a bad range or an unknown dimension. */
    @SuppressWarnings("unchecked")
    public Future<FlywheelReport> report(Optional<String> period, Optional<String> from, Optional<String> to, Optional<String> dimension) {
        CatalogSnapshot snapshot = catalog.current();
        ReportRange range = range(period, from, to);
        checkDimension(snapshot.flywheel(), dimension);
        Query key = new Query("flywheel", period, from, to, dimension, snapshot.version());
        return (Future<FlywheelReport>) cached(key, () -> compute(snapshot.flywheel(), range, dimension));
    }

    /** One funnel of flywheel.yaml; fails with a not-found {@link DomainException} for an unknown name. */
    @SuppressWarnings("unchecked")
    public Future<FunnelReport> funnel(String name, Optional<String> period, Optional<String> from, Optional<String> to,
                                       Optional<String> dimension) {
        CatalogSnapshot snapshot = catalog.current();
        FlywheelDefinition.Funnel funnel = snapshot.flywheel().funnel(name).orElseThrow(() -> new DomainException(
                DomainException.Reason.NOT_FOUND, "not_found", "no funnel named \"" + echoed(name) + "\" in flywheel.yaml", List.of()));
        ReportRange range = range(period, from, to);
        checkDimension(snapshot.flywheel(), dimension);
        Query key = new Query("funnel:" + name, period, from, to, dimension, snapshot.version());
        return (Future<FunnelReport>) cached(key, () -> {
            Instant now = clock.instant();
            return vertx.executeBlocking(() -> {
                List<FlywheelEvent> found = events.read(new LinkedHashSet<>(funnel.steps()), now);
                FunnelReport report = funnels.compute(funnel, range.period(), found, range.periods());
                if (dimension.isEmpty()) {
                    return report;
                }
                Map<String, String> values = new HashMap<>();
                events.segments(found.stream().map(FlywheelEvent::visitor).distinct().toList(), dimension.stream().toList())
                        .forEach((visitor, segments) -> values.put(visitor, segments.getOrDefault(dimension.get(), Dimension.NONE)));
                return report.withSegments(dimension.get(), funnels.segments(funnel, range.period(), found, range.periods(), values));
            }, false);
        });
    }

    private Future<?> cached(Query key, java.util.function.Supplier<Future<?>> compute) {
        Future<?> answer = cache.get(key, k -> compute.get());
        answer.onFailure(e -> cache.asMap().remove(key, answer));
        return answer;
    }

    private Future<FlywheelReport> compute(FlywheelDefinition flywheel, ReportRange range, Optional<String> dimension) {
        Instant now = clock.instant();
        var stages = counts.readStages(flywheel);
        var experiments = results.all();
        List<Instant> periods = range.periods();
        Future<Computed> computed = vertx.executeBlocking(() -> {
            FlywheelTallies t = tallies.tallies(flywheel, dimension, periods.get(periods.size() - 1), now);
            List<FlywheelReport.Segment> segments = new ArrayList<>();
            dimension.ifPresent(d -> t.segmentKeys().stream().filter(k -> k.startsWith(d + "=")).forEach(k -> segments.add(
                    new FlywheelReport.Segment(k.substring(d.length() + 1),
                            segmentStages(flywheel, series.compute(flywheel, t.days(k), periods, now))))));
            segments.sort(Comparator.comparingLong((FlywheelReport.Segment s) -> -s.stages().get(0).series().stream()
                    .mapToLong(FlywheelSeries.Point::entered).sum()).thenComparing(FlywheelReport.Segment::value));
            return new Computed(series.compute(flywheel, t.days(FlywheelTallies.ALL), periods, now), segments);
        }, false);
        return Future.all(stages, experiments, computed).map(done -> {
            FlywheelReport report = calculator.report(flywheel, stages.result(), computed.result().overall(), range, experiments.result(), now);
            return dimension.isEmpty() ? report : report.withSegments(dimension.get(), computed.result().segments());
        });
    }

    private record Computed(List<FlywheelSeries> overall, List<FlywheelReport.Segment> segments) {
    }

    /** Each stage's series with its stage, in flywheel order. */
    private static List<FlywheelReport.SegmentStage> segmentStages(FlywheelDefinition flywheel, List<FlywheelSeries> series) {
        List<FlywheelReport.SegmentStage> stages = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            FlywheelSeries s = series.get(i);
            stages.add(new FlywheelReport.SegmentStage(flywheel.stages().get(i).stage(), s.toNextStageRate(), s.kpis(), s.series()));
        }
        return stages;
    }

    private static void checkDimension(FlywheelDefinition flywheel, Optional<String> dimension) {
        if (dimension.isPresent() && flywheel.dimension(dimension.get()).isEmpty()) {
            List<String> configured = flywheel.dimensions().stream().map(Dimension::name).toList();
            throw new InvalidInputException("unknown_dimension", "dimension must be one of the dimensions configured in flywheel.yaml ("
                    + String.join(", ", configured) + "), was \"" + echoed(dimension.get()) + "\"", configured);
        }
    }

    private static String echoed(String name) {
        String clean = name.replaceAll("[^a-z0-9_-]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        rollupThread.close();
    }
}
