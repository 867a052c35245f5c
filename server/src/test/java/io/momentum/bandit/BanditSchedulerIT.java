package io.momentum.bandit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.GoalPlan;
import io.momentum.reporting.CountsReader;
import io.momentum.reporting.ExperimentCounts;
import io.momentum.reporting.ExperimentResults;
import io.momentum.reporting.GoalCounts;
import io.momentum.reporting.ReportingFixtures;
import io.momentum.reporting.ResultsCalculator;
import io.momentum.reporting.VariantCounts;
import io.momentum.reporting.WeightPeriod;
import io.momentum.storage.EmbeddedMongo;
import io.momentum.tracking.MongoWeightPeriods;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler against the embedded MongoDB with a hand-moved clock and counters set by the test. */
class BanditSchedulerIT {
    private final Experiment reward = ReportingFixtures.reward("referral-reward");
    private final CatalogSnapshot snapshot = new CatalogSnapshot(Map.of(reward.id(), reward), new FlywheelDefinition(List.of()), List.of(), 1, java.time.Instant.EPOCH);
    private final AtomicReference<ExperimentCounts> counters = new AtomicReference<>(counts(0, 0, 0, 0, 0, 0));
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-20T10:00:00Z"));
    private final BanditAllocations allocations = new BanditAllocations();

    @TempDir
    Path tmp;
    private EmbeddedMongo mongo;
    private MongoClient client;
    private Vertx vertx;
    private BanditScheduler scheduler;

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start(tmp);
        client = MongoClients.create(mongo.connectionString());
        vertx = Vertx.vertx();
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        CountsReader reader = new CountsReader() {
            @Override
            public Future<ExperimentCounts> read(Experiment experiment, GoalPlan plan) {
                return Future.succeededFuture(counters.get());
            }

            @Override
            public Future<List<StageCount>> readStages(FlywheelDefinition flywheel) {
                return Future.succeededFuture(List.of());
            }
        };
        scheduler = new BanditScheduler(vertx, () -> snapshot, reader, new MongoWeightPeriods(client.getDatabase("bandit-test")), allocations, clock);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client.close();
        mongo.close();
    }

    private static ExperimentCounts counts(long discountN, long discountC, long creditN, long creditC, long swagN, long swagC) {
        return new ExperimentCounts("referral-reward", List.of(arm("discount", discountN, discountC), arm("credit", creditN, creditC),
                arm("swag", swagN, swagC)));
    }

    private static VariantCounts arm(String key, long n, long c) {
        return new VariantCounts(key, n, Map.of("referral", new GoalCounts(c, c, 0, 0)), null, 0);
    }

    private void tick() throws Exception {
        scheduler.tick().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void startsWithTheConfiguredWeightsThenFavoursTheBestArmAfterTheInterval() throws Exception {
        tick();
        assertEquals(1.0 / 3, allocations.weights(reward.id()).orElseThrow().get("credit"), 1e-12);

        counters.set(counts(1000, 50, 1000, 120, 1000, 55));
        now.set(now.get().plusSeconds(30));
        tick();
        assertEquals(1, allocations.periods(reward.id()).size(), "the interval (1 min) is not over yet");

        now.set(now.get().plus(Duration.ofMinutes(1)));
        tick();
        List<WeightPeriod> periods = allocations.periods(reward.id());
        assertEquals(2, periods.size());
        Map<String, Double> weights = periods.get(1).weights();
        assertTrue(weights.get("credit") > 0.85, weights.toString());
        assertTrue(weights.get("discount") >= 0.05 && weights.get("swag") >= 0.05, weights.toString());
        assertEquals(1000, periods.get(1).countsAtStart().variant("credit").orElseThrow().exposures());
        assertEquals(weights.get("credit"), new BanditCatalog(() -> snapshot, allocations).current()
                .experiment(reward.id()).orElseThrow().variant("credit").orElseThrow().weight());
    }

    @Test
    void resultsOfABanditUseTheCohortStratifiedEstimatorAndThePeriodsForSrm() throws Exception {
        tick();
        counters.set(counts(1000, 50, 1000, 120, 1000, 55));
        now.set(now.get().plus(Duration.ofMinutes(2)));
        tick();
        counters.set(counts(1100, 55, 1900, 228, 1100, 61));
        Map<Integer, ExperimentCounts> cohorts = Map.of(0, counts(1000, 50, 1000, 120, 1000, 55), 1, counts(100, 5, 900, 108, 100, 6));
        ExperimentResults results = new ResultsCalculator().compute(reward, snapshot.flywheel(), counters.get(),
                new ResultsCalculator.Context(allocations.weights(reward.id()).orElseThrow(), 100.0, allocations.periods(reward.id()), now.get())
                        .withCohorts(cohorts));
        assertEquals("mantel_haenszel_by_weight_period_cohort", results.allocation().estimator());
        assertEquals(2, results.allocation().periods().size());
        assertTrue(!results.srm().detected(), results.srm().toString());
        assertEquals(0.07, results.variant("credit").orElseThrow().goals().get("referral").comparison().diff(), 1e-9);
    }
}
