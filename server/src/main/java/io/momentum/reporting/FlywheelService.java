package io.momentum.reporting;

import io.momentum.domain.DomainException;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.experiment.FlywheelDefinition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The flywheel and funnel reports: stage counters from tracking, every experiment's (cached) results, and the
 * cohort series computed from the event log (read on a worker thread, all of it each time: no rollup yet).
 */
public final class FlywheelService {
    private final Vertx vertx;
    private final ExperimentCatalog catalog;
    private final CountsReader counts;
    private final ResultsService results;
    private final FlywheelEvents events;
    private final Clock clock;
    private final FlywheelCalculator calculator = new FlywheelCalculator();
    private final FlywheelSeriesCalculator series = new FlywheelSeriesCalculator();
    private final FunnelCalculator funnels = new FunnelCalculator();

    public FlywheelService(Vertx vertx, ExperimentCatalog catalog, CountsReader counts, ResultsService results, FlywheelEvents events,
                           Clock clock) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.counts = counts;
        this.results = results;
        this.events = events;
        this.clock = clock;
    }

    /** The last {@link ReportRange#DEFAULT_PERIODS} weeks up to now. */
    public Future<FlywheelReport> report() {
        return report(range(Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /** The range of the query parameters, defaults relative to now; fails with InvalidInputException. */
    public ReportRange range(Optional<String> period, Optional<String> from, Optional<String> to) {
        return ReportRange.parse(period, from, to, clock.instant());
    }

    public Future<FlywheelReport> report(ReportRange range) {
        CatalogSnapshot snapshot = catalog.current();
        FlywheelDefinition flywheel = snapshot.flywheel();
        Instant now = clock.instant();
        var stages = counts.readStages(flywheel);
        var experiments = results.all();
        Future<List<FlywheelSeries>> computed = vertx.executeBlocking(() -> series.compute(flywheel,
                events.read(FlywheelSeriesCalculator.events(flywheel), now), range.periods(), now), false);
        return Future.all(stages, experiments, computed).map(done -> calculator.report(flywheel, stages.result(), computed.result(),
                range, experiments.result(), now));
    }

    /** One funnel of flywheel.yaml; fails with a not-found {@link DomainException} for an unknown name. */
    public Future<FunnelReport> funnel(String name, ReportRange range) {
        FlywheelDefinition.Funnel funnel = catalog.current().flywheel().funnel(name).orElseThrow(() -> new DomainException(
                DomainException.Reason.NOT_FOUND, "not_found", "no funnel named \"" + echoed(name) + "\" in flywheel.yaml", List.of()));
        Instant now = clock.instant();
        return vertx.executeBlocking(() -> funnels.compute(funnel, range.period(),
                events.read(new LinkedHashSet<>(funnel.steps()), now), range.periods()), false);
    }

    private static String echoed(String name) {
        String clean = name.replaceAll("[^a-z0-9-]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
