package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.bandit.ThompsonAllocator;
import io.momentum.experiment.Allocation;
import io.momentum.experiment.Analysis;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Goal;
import io.momentum.experiment.GoalPlan;
import io.momentum.experiment.Goals;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import io.momentum.stats.Proportion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * A bandit as it runs: every hour the Thompson weights are recomputed from the counters (floor 5 %), visitors are
 * assigned by them, each converts with a delay (exponential, mean 1 h) and the results are read at the end of every
 * period, every look recorded. The pooled test the bandit used to get is fooled by Simpson's paradox when the base rate
 * drifts while the weights move; the decision Momentum makes, stratified by weight-period cohort (Mantel–Haenszel) and
 * sequential whatever {@code method} says, keeps A/A false winners at or below alpha and still finds a better arm.
 * Seeded; the rates printed are the README's bandit rows ("How Momentum decides").
 */
class BanditDecisionSimulationTest {
    private static final double ALPHA = 0.05;
    private static final int PERIODS = 24;
    private static final int VISITORS_PER_PERIOD = 2000;
    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final double MEAN_DELAY_HOURS = 1;
    /** Runs per scenario times {@code -Dmomentum.simulation.scale}, default 1 to keep the unit suite fast. */
    private static final int SCALE = Integer.getInteger("momentum.simulation.scale", 1);
    private static final int AA_RUNS = 40 * SCALE;
    private static final int POWER_RUNS = 20 * SCALE;
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    /** A base rate that climbs from 2 % to 20 % over the 24 periods (a campaign ramping up, a weekday cycle). */
    private static final IntToDoubleFunction DRIFTING = k -> 0.02 + 0.18 * k / (PERIODS - 1.0);

    private final ResultsCalculator calculator = new ResultsCalculator();
    private final ThompsonAllocator allocator = new ThompsonAllocator();

    @Test
    void aDriftingBaseRateFoolsThePooledTestButNotTheCohortStratifiedDecision() {
        Outcome outcome = simulate(DRIFTING, 1.0, AA_RUNS, 5000);
        System.out.printf("bandit A/A, base rate 2%% -> 20%%, 1 h delay: stratified false winners %s; pooled %s%n",
                outcome.stratified(), outcome.pooled());
        assertTrue(outcome.stratified().rate() <= ALPHA + 1.96 * Math.sqrt(ALPHA * (1 - ALPHA) / AA_RUNS),
                "stratified false winners " + outcome.stratified());
        assertTrue(outcome.pooled().rate() > 2 * ALPHA, "the pooled test should be fooled: " + outcome.pooled());
    }

    @Test
    void aaBanditWithAStableBaseRateDeclaresFalseWinnersAtMostAlpha() {
        Outcome outcome = simulate(k -> 0.10, 1.0, AA_RUNS, 6000);
        System.out.printf("bandit A/A, base rate 10%%, 1 h delay: stratified false winners %s; pooled %s%n",
                outcome.stratified(), outcome.pooled());
        assertTrue(outcome.stratified().rate() <= ALPHA + 1.96 * Math.sqrt(ALPHA * (1 - ALPHA) / AA_RUNS),
                "stratified false winners " + outcome.stratified());
    }

    @Test
    void aBetterArmIsFound() {
        Outcome outcome = simulate(k -> 0.10, 1.5, POWER_RUNS, 7000);
        System.out.printf("bandit 10%% -> 15%%, 1 h delay: stratified finds the better arm %s%n", outcome.stratified());
        assertTrue(outcome.stratified().rate() >= 0.8, "stratified power " + outcome.stratified());
    }

    /** Share of runs that ended with the treatment declared the winner: the cohort-stratified decision and the pooled one. */
    private record Outcome(SimulatedRate stratified, SimulatedRate pooled) {
    }

    /**
     * {@code runs} bandits over {@link #PERIODS} periods; the treatment converts at {@code lift} times the base rate of the
     * period its visitor arrived in. The stratified decision is the results calculator's, read at the end of every period
     * with its recorded looks; the pooled one is what a bandit got before cohorts: the same always-valid test with its
     * running minimum p-value and the same minimum sample, on the pooled counters.
     */
    private Outcome simulate(IntToDoubleFunction baseRate, double lift, int runs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Experiment experiment = experiment();
        GoalPlan plan = GoalPlan.of(experiment, null);
        int stratifiedWins = 0;
        int pooledWins = 0;
        for (int run = 0; run < runs; run++) {
            Counters counters = new Counters();
            List<WeightPeriod> periods = new ArrayList<>();
            List<Look> looks = new ArrayList<>();
            String winner = null;
            double pooledP = 1;
            boolean pooledWinner = false;
            for (int k = 0; k < PERIODS && (winner == null || !pooledWinner); k++) {
                Instant start = START.plus(INTERVAL.multipliedBy(k));
                ExperimentCounts pooledAtStart = counters.pooled();
                Map<String, Double> weights = k == 0 ? Map.of("control", 0.5, "treatment", 0.5) : thompson(pooledAtStart);
                periods.add(new WeightPeriod(start, weights, pooledAtStart));
                for (int i = 0; i < VISITORS_PER_PERIOD; i++) {
                    int arm = random.nextDouble() < weights.get("treatment") ? 1 : 0;
                    double rate = baseRate.applyAsDouble(k) * (arm == 1 ? lift : 1);
                    double arrives = k + random.nextDouble();
                    counters.expose(k, arm, random.nextDouble() < rate ? arrives - MEAN_DELAY_HOURS * Math.log(1 - random.nextDouble())
                            : Double.POSITIVE_INFINITY);
                }
                counters.convertUntil(k + 1);
                Instant end = start.plus(INTERVAL);
                ExperimentCounts now = counters.pooled();
                if (winner == null) {
                    var context = new ResultsCalculator.Context(weights, (double) VISITORS_PER_PERIOD * 24, periods, end, looks)
                            .withCohorts(counters.cohorts());
                    ExperimentResults results = calculator.compute(experiment, null, now, context);
                    looks.add(ResultsCalculator.look(results, plan));
                    winner = results.decision().status() == DecisionStatus.WINNER ? results.decision().winner() : null;
                }
                if (!pooledWinner) {
                    Proportion a = counters.proportion(0);
                    Proportion b = counters.proportion(1);
                    if (!a.isEmpty() && !b.isEmpty() && a.conversions() > 0) {
                        double tau = experiment.analysis().mde() * a.rate();
                        pooledP = Math.min(pooledP, new Evidence(b.rate() - a.rate(), a.varianceOfRate() + b.varianceOfRate(), tau * tau).pValue());
                        long smallest = Math.min(a.visitors(), b.visitors());
                        pooledWinner = pooledP < ALPHA && b.rate() > a.rate() && smallest >= experiment.analysis().minVisitorsPerVariant();
                    }
                }
            }
            stratifiedWins += "treatment".equals(winner) ? 1 : 0;
            pooledWins += pooledWinner ? 1 : 0;
        }
        return new Outcome(new SimulatedRate(stratifiedWins, runs), new SimulatedRate(pooledWins, runs));
    }

    private Map<String, Double> thompson(ExperimentCounts pooled) {
        List<Proportion> arms = pooled.variants().stream()
                .map(v -> new Proportion(v.exposures(), v.goal("referral").converters())).toList();
        List<Double> w = allocator.weights(arms, 0.05);
        return Map.of("control", w.get(0), "treatment", w.get(1));
    }

    /** The counters tracking keeps, per weight-period cohort and arm; conversions land when their time comes. */
    private static final class Counters {
        private final long[][] exposures = new long[PERIODS][2];
        private final long[][] converters = new long[PERIODS][2];
        /** Pending conversions: {hours, cohort, arm}, earliest first. */
        private final java.util.PriorityQueue<double[]> pending = new java.util.PriorityQueue<>(java.util.Comparator.comparingDouble(c -> c[0]));
        private int periods;

        void expose(int period, int arm, double convertsAtHours) {
            exposures[period][arm]++;
            periods = Math.max(periods, period + 1);
            if (convertsAtHours < Double.POSITIVE_INFINITY) {
                pending.add(new double[] {convertsAtHours, period, arm});
            }
        }

        void convertUntil(double hours) {
            while (!pending.isEmpty() && pending.peek()[0] <= hours) {
                double[] c = pending.poll();
                converters[(int) c[1]][(int) c[2]]++;
            }
        }

        Proportion proportion(int arm) {
            long n = 0;
            long c = 0;
            for (int k = 0; k < periods; k++) {
                n += exposures[k][arm];
                c += converters[k][arm];
            }
            return new Proportion(n, c);
        }

        ExperimentCounts pooled() {
            Proportion a = proportion(0);
            Proportion b = proportion(1);
            return counts(a.visitors(), a.conversions(), b.visitors(), b.conversions());
        }

        Map<Integer, ExperimentCounts> cohorts() {
            Map<Integer, ExperimentCounts> cohorts = new TreeMap<>();
            for (int k = 0; k < periods; k++) {
                cohorts.put(k, counts(exposures[k][0], converters[k][0], exposures[k][1], converters[k][1]));
            }
            return cohorts;
        }

        private static ExperimentCounts counts(long controlN, long controlC, long treatmentN, long treatmentC) {
            return new ExperimentCounts("bandit-sim", List.of(arm("control", controlN, controlC), arm("treatment", treatmentN, treatmentC)));
        }

        private static VariantCounts arm(String key, long exposures, long converters) {
            return new VariantCounts(key, exposures, Map.of("referral", new GoalCounts(converters, converters, 0, 0)), null, 0);
        }
    }

    /** As shipped (experiments/referral-reward.yaml): a reward bandit with {@code method: bayesian}, hourly, floor 5 %. */
    private static Experiment experiment() {
        Analysis analysis = new Analysis(Analysis.Method.BAYESIAN, ALPHA, 0.8, 0.10, 500, Analysis.Correction.HOLM);
        return TestExperiments.experiment("bandit-sim", "bandit-sim", Stage.ADVOCACY, Kind.REWARD, Status.RUNNING,
                List.of("control", "treatment"), new Goals(new Goal("referral", Goal.Metric.CONVERSION), List.of(), List.of()), analysis,
                new Allocation(Allocation.Mode.BANDIT, INTERVAL, 0.05), Optional.empty());
    }
}
