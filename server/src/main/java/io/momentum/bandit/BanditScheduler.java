package io.momentum.bandit;

import io.momentum.experiment.Allocation;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.experiment.GoalPlan;
import io.momentum.experiment.Status;
import io.momentum.reporting.CountsReader;
import io.momentum.reporting.ExperimentCounts;
import io.momentum.reporting.ResultsCalculator;
import io.momentum.reporting.VariantCounts;
import io.momentum.reporting.WeightPeriod;
import io.momentum.stats.Proportion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the bandits: every tick it loads each bandit experiment's weight periods, and when the last
 * one is older than the experiment's {@code allocation.interval} it computes new Thompson weights from
 * the primary goal's counters, records them as the next period and publishes all periods.
 */
public final class BanditScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BanditScheduler.class);

    private final Vertx vertx;
    private final ExperimentCatalog catalog;
    private final CountsReader counts;
    private final WeightPeriods store;
    private final BanditAllocations allocations;
    private final Clock clock;
    private final ThompsonAllocator allocator = new ThompsonAllocator();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private long timer = -1;

    public BanditScheduler(Vertx vertx, ExperimentCatalog catalog, CountsReader counts, WeightPeriods store,
                           BanditAllocations allocations, Clock clock) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.counts = counts;
        this.store = store;
        this.allocations = allocations;
        this.clock = clock;
    }

    /** Ticks now and then every {@code every}. */
    public BanditScheduler start(Duration every) {
        timer = vertx.setPeriodic(0, every.toMillis(), id -> tick());
        return this;
    }

    /** One pass over every bandit experiment; overlapping passes are skipped. */
    public Future<Void> tick() {
        if (!ticking.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        CatalogSnapshot snapshot = catalog.current();
        List<Experiment> bandits = snapshot.experiments().values().stream().filter(BanditScheduler::isBandit).toList();
        List<Future<List<WeightPeriod>>> steps = bandits.stream().map(e -> step(snapshot, e)).toList();
        return Future.join(steps).transform(done -> {
            Map<String, List<WeightPeriod>> published = new LinkedHashMap<>();
            for (int i = 0; i < bandits.size(); i++) {
                if (steps.get(i).succeeded()) {
                    published.put(bandits.get(i).id(), steps.get(i).result());
                } else {
                    log.warn("bandit update of {} failed: {}", bandits.get(i).id(), steps.get(i).cause().toString());
                    published.put(bandits.get(i).id(), allocations.periods(bandits.get(i).id()));
                }
            }
            published.values().removeIf(List::isEmpty);
            allocations.publish(published);
            ticking.set(false);
            return Future.<Void>succeededFuture();
        });
    }

    static boolean isBandit(Experiment e) {
        return e.status() == Status.RUNNING && e.allocation() != null && e.allocation().mode() == Allocation.Mode.BANDIT;
    }

    private Future<List<WeightPeriod>> step(CatalogSnapshot snapshot, Experiment experiment) {
        String goal = experiment.goals().primary().event();
        Instant now = clock.instant();
        return vertx.executeBlocking(() -> store.load(experiment.id(), goal), false).compose(periods -> {
            if (periods.isEmpty()) {
                WeightPeriod first = new WeightPeriod(now, ResultsCalculator.normalisedWeights(experiment), empty(experiment));
                return record(experiment, 0, first, goal);
            }
            WeightPeriod last = periods.get(periods.size() - 1);
            if (last.start().plus(experiment.allocation().interval()).isAfter(now)) {
                return Future.succeededFuture(periods);
            }
            return counts.read(experiment, GoalPlan.of(experiment, snapshot.flywheel()))
                    .compose(current -> record(experiment, periods.size(), new WeightPeriod(now, weights(experiment, current), current), goal));
        });
    }

    private Future<List<WeightPeriod>> record(Experiment experiment, int n, WeightPeriod period, String goal) {
        return vertx.executeBlocking(() -> {
            if (store.insert(experiment.id(), n, period, goal)) {
                log.info("bandit {} period {} weights {}", experiment.id(), n, period.weights());
            }
            return store.load(experiment.id(), goal);
        }, false);
    }

    private Map<String, Double> weights(Experiment experiment, ExperimentCounts current) {
        String goal = experiment.goals().primary().event();
        List<Proportion> arms = new ArrayList<>();
        for (var variant : experiment.variants()) {
            VariantCounts c = current.variant(variant.key()).orElse(new VariantCounts(variant.key(), 0, Map.of(), null, 0));
            arms.add(new Proportion(c.exposures(), Math.min(c.exposures(), c.goal(goal).converters())));
        }
        List<Double> weights = allocator.weights(arms, Math.min(experiment.allocation().floor(), 1.0 / arms.size()));
        Map<String, Double> byVariant = new LinkedHashMap<>();
        for (int i = 0; i < arms.size(); i++) {
            byVariant.put(experiment.variants().get(i).key(), weights.get(i));
        }
        return byVariant;
    }

    private static ExperimentCounts empty(Experiment experiment) {
        return new ExperimentCounts(experiment.id(),
                experiment.variants().stream().map(v -> new VariantCounts(v.key(), 0, Map.of(), null, 0)).toList());
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
