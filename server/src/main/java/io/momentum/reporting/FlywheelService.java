package io.momentum.reporting;

import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.ExperimentCatalog;
import io.vertx.core.Future;
import java.time.Clock;

/** The flywheel report: stage counters from tracking plus every experiment's (cached) results. */
public final class FlywheelService {
    private final ExperimentCatalog catalog;
    private final CountsReader counts;
    private final ResultsService results;
    private final Clock clock;
    private final FlywheelCalculator calculator = new FlywheelCalculator();

    public FlywheelService(ExperimentCatalog catalog, CountsReader counts, ResultsService results, Clock clock) {
        this.catalog = catalog;
        this.counts = counts;
        this.results = results;
        this.clock = clock;
    }

    public Future<FlywheelReport> report() {
        CatalogSnapshot snapshot = catalog.current();
        var stages = counts.readStages(snapshot.flywheel());
        var experiments = results.all();
        return Future.all(stages, experiments)
                .map(done -> calculator.report(snapshot.flywheel(), stages.result(), experiments.result(), clock.instant()));
    }
}
