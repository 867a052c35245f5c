package io.momentum.reporting;

import io.momentum.domain.InvalidInputException;
import io.momentum.domain.UnknownExperimentException;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Dimension;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.GoalPlan;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Variant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Results on demand: reads the counters, the recent traffic and the recorded looks, computes, records
 * this look when the last one is older than the look interval (or a winner is newly declared), and
 * keeps the answer for a short time per experiment (so a dashboard refresh storm costs one Redis read
 * per experiment per TTL).
 */
public final class ResultsService {
    /** How long computed results are reused. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final ExperimentCatalog catalog;
    private final CountsReader counts;
    private final ExposureHistory history;
    private final ReferralSource referrals;
    private final Allocations allocations;
    private final LookHistory looks;
    private final Duration lookInterval;
    private final Clock clock;
    private final Duration ttl;
    private final ResultsCalculator calculator = new ResultsCalculator();
    private final TrendCalculator trends = new TrendCalculator();
    private final ReferralCalculator referralCalculator = new ReferralCalculator();
    private final SegmentCalculator segmentCalculator = new SegmentCalculator();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Instant at, long catalogVersion, Future<ExperimentResults> results) {
    }

    public ResultsService(Vertx vertx, ExperimentCatalog catalog, CountsReader counts, ExposureHistory history,
                          ReferralSource referrals, Allocations allocations, LookHistory looks, Duration lookInterval, Clock clock,
                          Duration ttl) {
        this.referrals = referrals;
        this.vertx = vertx;
        this.catalog = catalog;
        this.counts = counts;
        this.history = history;
        this.allocations = allocations;
        this.looks = looks;
        this.lookInterval = lookInterval;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The experiment's results; fails with {@link UnknownExperimentException} for an unknown id. */
    public Future<ExperimentResults> results(String experimentId) {
        CatalogSnapshot snapshot = catalog.current();
        Experiment experiment = snapshot.experiment(experimentId)
                .orElseThrow(() -> new UnknownExperimentException(experimentId));
        Instant now = clock.instant();
        Cached cached = cache.get(experimentId);
        if (cached != null && cached.catalogVersion() == snapshot.version() && cached.at().plus(ttl).isAfter(now)) {
            return cached.results();
        }
        Future<ExperimentResults> fresh = compute(snapshot, experiment, now);
        cache.put(experimentId, new Cached(now, snapshot.version(), fresh));
        fresh.onFailure(e -> cache.remove(experimentId));
        return fresh;
    }

    /**
     * The results broken down by a configured dimension (segments read fresh, the overall results as {@link #results});
     * fails with {@link InvalidInputException} naming the configured dimensions for any other.
     */
    public Future<SegmentResults> results(String experimentId, String dimension) {
        CatalogSnapshot snapshot = catalog.current();
        Experiment experiment = snapshot.experiment(experimentId)
                .orElseThrow(() -> new UnknownExperimentException(experimentId));
        List<String> configured = snapshot.flywheel().dimensions().stream().map(Dimension::name).toList();
        if (snapshot.flywheel().dimension(dimension).isEmpty()) {
            throw new InvalidInputException("unknown_dimension", "dimension must be one of the dimensions configured in flywheel.yaml ("
                    + String.join(", ", configured) + "), was \"" + shorten(dimension) + "\"", configured);
        }
        GoalPlan plan = GoalPlan.of(experiment, snapshot.flywheel());
        Future<ExperimentResults> overall = results(experimentId);
        Future<ExperimentCounts> totals = counts.read(experiment, plan);
        Future<Map<String, ExperimentCounts>> segments = counts.readSegments(experiment, plan, dimension);
        return Future.all(overall, totals, segments).map(done ->
                segmentCalculator.compute(experiment, overall.result(), totals.result(), dimension, segments.result()));
    }

    /** The names of the configured dimensions (flywheel.yaml). */
    public List<String> dimensions() {
        return catalog.current().flywheel().dimensions().stream().map(Dimension::name).toList();
    }

    private static String shorten(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }

    /** Results of every loaded experiment, in catalog order. */
    public Future<List<ExperimentResults>> all() {
        List<Future<ExperimentResults>> each = catalog.current().experiments().keySet().stream().map(this::results).toList();
        return Future.all(each).map(done -> each.stream().map(Future::result).toList());
    }

    /** The daily cumulative lift and p-value of the primary goal (from MongoDB; not cached). */
    public Future<Trend> trend(String experimentId) {
        Experiment experiment = catalog.current().experiment(experimentId)
                .orElseThrow(() -> new UnknownExperimentException(experimentId));
        return vertx.executeBlocking(() -> trends.trend(experiment,
                history.dailyCohorts(experiment.id(), experiment.goals().primary().event())), false);
    }

    private Future<ExperimentResults> compute(CatalogSnapshot snapshot, Experiment experiment, Instant now) {
        Instant asOf = ResultsCalculator.asOf(experiment, now);
        GoalPlan plan = GoalPlan.of(experiment, snapshot.flywheel());
        Future<ExperimentCounts> counters = counts.read(experiment, plan);
        Future<Double> traffic = vertx.executeBlocking(() -> history.visitorsPerDay(experiment.id(), asOf), false);
        Future<List<Look>> earlier = vertx.executeBlocking(() -> looks.looks(experiment.id()), false);
        List<WeightPeriod> periods = allocations.periods(experiment.id());
        Future<Map<Integer, ExperimentCounts>> cohorts = periods.isEmpty() ? Future.succeededFuture(Map.of()) : counts.readCohorts(experiment, plan);
        return Future.all(counters, traffic, earlier, cohorts).compose(done -> {
            Map<String, Double> weights = allocations.weights(experiment.id()).orElseGet(() -> ResultsCalculator.normalisedWeights(experiment));
            var context = new ResultsCalculator.Context(weights, traffic.result(), periods, asOf, earlier.result(), cohorts.result());
            ExperimentResults results = calculator.compute(experiment, snapshot.flywheel(), counters.result(), context);
            if (!dueForRecording(earlier.result(), results, now)) {
                return Future.succeededFuture(results);
            }
            Look look = ResultsCalculator.look(results, plan);
            return vertx.executeBlocking(() -> {
                looks.record(experiment.id(), look);
                return results;
            }, false);
        }).compose(results -> experiment.kind() == Kind.REWARD ? referralOutcome(snapshot, experiment).map(results::withReferrals)
                : Future.succeededFuture(results));
    }

    /** Advocates are the experiment's exposed visitors; their code is their visitor id. */
    private Future<ReferralOutcome> referralOutcome(CatalogSnapshot snapshot, Experiment experiment) {
        FlywheelDefinition flywheel = snapshot.flywheel();
        String success = flywheel.stage(Stage.ADVOCACY).flatMap(s -> s.kpis().referral()).map(FlywheelDefinition.Referral::success)
                .orElse(flywheel.stages().isEmpty() ? "trial_signup" : flywheel.stages().get(0).convertedEvent());
        List<String> variants = experiment.variants().stream().map(Variant::key).toList();
        return vertx.executeBlocking(() -> {
            Map<String, String> advocates = referrals.exposedVariants(experiment.id());
            return referralCalculator.outcome(variants, advocates, referrals.referredEvents(advocates.keySet(), success), success,
                    flywheel.window());
        }, false);
    }

    /**
     * The last look is older than the interval, or this one carries news no recorded look has: a declared winner, a
     * frozen horizon or the decision at the horizon (those must never be lost to the interval).
     */
    private boolean dueForRecording(List<Look> earlier, ExperimentResults results, Instant now) {
        if (earlier.isEmpty() || !earlier.get(earlier.size() - 1).at().plus(lookInterval).isAfter(now)) {
            return true;
        }
        boolean newWinner = results.decision().status() == DecisionStatus.WINNER && earlier.stream().allMatch(l -> l.winner() == null);
        boolean newHorizon = results.sample().horizonPerVariant() != null && earlier.stream().allMatch(l -> l.horizon() == null);
        boolean newDecision = results.decision().frozen() && earlier.stream().allMatch(l -> l.decision() == null);
        return newWinner || newHorizon || newDecision;
    }
}
