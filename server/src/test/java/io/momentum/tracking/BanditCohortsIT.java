package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.momentum.assign.Exposure;
import io.momentum.experiment.Allocation;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.GoalPlan;
import io.momentum.reporting.Allocations;
import io.momentum.reporting.ExperimentCounts;
import io.momentum.reporting.WeightPeriod;
import io.momentum.storage.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bandit's weight-period cohorts against a real Redis: a visitor counts in the period of their first exposure, and
 * so do their conversions, whenever they happen and whatever the weights are by then.
 */
class BanditCohortsIT {
    private static final Instant PERIOD_0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant PERIOD_1 = PERIOD_0.plus(Duration.ofHours(1));

    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void conversionsCountInTheWeightPeriodOfTheVisitorsFirstExposure() throws Exception {
        CatalogSnapshot fixtures = TrackingFixtures.catalog(TrackingFixtures.writeExperiments(tmp.resolve("experiments")));
        Experiment bandit = fixtures.experiment(TrackingFixtures.HERO).orElseThrow().toBuilder()
                .allocation(new Allocation(Allocation.Mode.BANDIT, Duration.ofHours(1), 0.05)).build();
        Map<String, Experiment> experiments = new HashMap<>(fixtures.experiments());
        experiments.put(bandit.id(), bandit);
        CatalogSnapshot catalog = new CatalogSnapshot(experiments, fixtures.flywheel(), List.of(), fixtures.version(), PERIOD_0);
        List<WeightPeriod> periods = List.of(period(PERIOD_0, 0.5), period(PERIOD_1, 0.9));
        Allocations allocations = new Allocations() {
            @Override
            public Optional<Map<String, Double>> weights(String experimentId) {
                return Optional.of(periods.get(1).weights());
            }

            @Override
            public List<WeightPeriod> periods(String experimentId) {
                return experimentId.equals(bandit.id()) ? periods : List.of();
            }
        };
        Vertx vertx = Vertx.vertx();
        try (LocalRedisProcess redis = new LocalRedisProcess(tmp).start();
             RedisConnector.Connection connection = RedisConnector.connect("redis://127.0.0.1:" + redis.port())) {
            RedisKeys keys = new RedisKeys(TrackingFixtures.uniquePrefix());
            EventIngest ingest = new EventIngest(vertx, connection.commands(), keys, () -> catalog,
                    (experiment, visitor) -> Optional.of("control"), Clock.systemUTC(), new EventBacklog(vertx, connection.commands(), keys, 1_000_000),
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), Optional.empty(), new io.momentum.assign.MintedVisitors(),
                    () -> true, allocations);
            await(ingest.ingest(List.of(
                    exposure("early", "control", PERIOD_0.plusSeconds(60)),
                    exposure("early-t", "treatment", PERIOD_0.plusSeconds(120)),
                    exposure("late", "treatment", PERIOD_1.plusSeconds(60)),
                    exposure("early", "treatment", PERIOD_1.plusSeconds(90)))));
            await(ingest.ingest(List.of(
                    signup("early", PERIOD_1.plusSeconds(600)),
                    signup("early-t", PERIOD_1.plusSeconds(700)),
                    signup("late", PERIOD_1.plusSeconds(800)))));

            Map<Integer, ExperimentCounts> cohorts = await(new TrackingCounts(new CounterStore(vertx, connection.commands(), keys))
                    .readCohorts(bandit, GoalPlan.of(bandit, catalog.flywheel())));

            assertEquals(List.of(0, 1), List.copyOf(cohorts.keySet()));
            ExperimentCounts first = cohorts.get(0);
            assertEquals(1, first.variant("control").orElseThrow().exposures(), "a returning visitor keeps their first variant and period");
            assertEquals(1, first.variant("control").orElseThrow().goal("signup").converters(), "converted in period 1, counted in 0");
            assertEquals(1, first.variant("treatment").orElseThrow().exposures());
            assertEquals(1, first.variant("treatment").orElseThrow().goal("signup").converters());
            ExperimentCounts second = cohorts.get(1);
            assertEquals(0, second.variant("control").orElseThrow().exposures());
            assertEquals(1, second.variant("treatment").orElseThrow().exposures());
            assertEquals(1, second.variant("treatment").orElseThrow().goal("signup").converters());
        } finally {
            vertx.close();
        }
    }

    private static WeightPeriod period(Instant start, double treatment) {
        return new WeightPeriod(start, Map.of("control", 1 - treatment, "treatment", treatment),
                new ExperimentCounts(TrackingFixtures.HERO, List.of()));
    }

    private static TrackedEvent exposure(String visitor, String variant, Instant at) {
        return TrackedEvent.exposure(visitor + "-" + at.toEpochMilli(), new Exposure(TrackingFixtures.HERO, variant, visitor, at));
    }

    private static TrackedEvent signup(String visitor, Instant at) {
        return new TrackedEvent("signup-" + visitor, EventType.CONVERSION, visitor, Optional.empty(), Optional.of("signup"), 0,
                OptionalInt.empty(), Optional.empty(), at, Optional.empty());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
