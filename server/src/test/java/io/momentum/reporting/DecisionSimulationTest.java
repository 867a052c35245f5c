package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.experiment.Allocation;
import io.momentum.experiment.Analysis;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Goal;
import io.momentum.experiment.GoalPlan;
import io.momentum.experiment.Goals;
import io.momentum.experiment.Guardrail;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The decision procedure as marketers use it: the results calculator and decision rule read every day for 60 days
 * over simulated cumulative counters, every look recorded as the results service records it. Per method and primary
 * metric: A/A false winners stay at or below alpha (within sampling error), a planted lift is found, and a truly
 * harmful guardrail stops the winner. Seeded; the rates printed are the README's table ("How Momentum decides").
 * A run ends early once its decision can no longer change: frozen at a fixed or bayesian horizon, or (power runs
 * only) a declared winner, which stays declared unless harm appears (ResultsCalculatorTest covers that).
 */
class DecisionSimulationTest {
    private static final double ALPHA = 0.05;
    private static final int DAYS = 60;
    /** Runs per scenario (40 A/A, 20 others) times {@code -Dmomentum.simulation.scale}, default 1 to keep the unit suite fast. */
    private static final int SCALE = Integer.getInteger("momentum.simulation.scale", 1);
    private static final int AA_RUNS = 40 * SCALE;
    private static final int POWER_RUNS = 20 * SCALE;
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private final ResultsCalculator calculator = new ResultsCalculator();

    /** The primary metrics and how one variant's visitors behave. */
    enum Metric {
        CONVERSION(500), REVENUE(2000), NPS(500);

        final int visitorsPerDay;

        Metric(int visitorsPerDay) {
            this.visitorsPerDay = visitorsPerDay;
        }
    }

    /** One variant's truth: conversion rate, mean order value, and (surveys) response rate and promoter/detractor shares. */
    private record Truth(double rate, double orderValue, double promoters, double detractors, double guardrailRate) {
        static final Truth BASE = new Truth(0.10, 50, 0.40, 0.30, 0.02);
    }

    /** Planted effects: 10% -> 15% conversion, +20% revenue per visitor, +15 NPS points. */
    private static Truth planted(Metric metric) {
        return switch (metric) {
            case CONVERSION -> new Truth(0.15, 50, 0.40, 0.30, 0.02);
            case REVENUE -> new Truth(0.10, 60, 0.40, 0.30, 0.02);
            case NPS -> new Truth(0.10, 50, 0.50, 0.25, 0.02);
        };
    }

    @ParameterizedTest
    @EnumSource(Analysis.Method.class)
    void aaExperimentsReadDailyDeclareFalseWinnersAtMostAlpha(Analysis.Method method) {
        for (Metric metric : Metric.values()) {
            SimulatedRate rate = simulate(experiment(method, metric, false, 0.10), metric, Truth.BASE, Truth.BASE, AA_RUNS, 1000 + metric.ordinal(), DAYS,
                    metric.visitorsPerDay, false);
            System.out.printf("A/A %-10s %-10s false winners %s%n", method.wire(), metric.name().toLowerCase(), rate);
            assertTrue(rate.atMost(ALPHA),
                    method + " " + metric + " A/A false winners " + rate);
        }
    }

    @ParameterizedTest
    @EnumSource(Analysis.Method.class)
    void aPlantedLiftIsFound(Analysis.Method method) {
        for (Metric metric : Metric.values()) {
            SimulatedRate rate = simulate(experiment(method, metric, false, 0.10), metric, Truth.BASE, planted(metric), POWER_RUNS,
                    2000 + metric.ordinal(), DAYS, metric.visitorsPerDay, true);
            System.out.printf("planted %-10s %-10s found %s%n", method.wire(), metric.name().toLowerCase(), rate);
            assertTrue(rate.rate() >= 0.8, method + " " + metric + " power " + rate);
        }
    }

    @ParameterizedTest
    @EnumSource(Analysis.Method.class)
    void aTrulyHarmfulGuardrailStopsTheWinner(Analysis.Method method) {
        Truth better = planted(Metric.CONVERSION);
        Truth harmful = new Truth(better.rate(), better.orderValue(), better.promoters(), better.detractors(), 0.03);
        SimulatedRate rate = simulate(experiment(method, Metric.CONVERSION, true, 0.10), Metric.CONVERSION, Truth.BASE, harmful, POWER_RUNS,
                3000, DAYS, Metric.CONVERSION.visitorsPerDay, false);
        System.out.printf("harmful guardrail (2%% -> 3%%) %-10s winners %s%n", method.wire(), rate);
        assertTrue(rate.rate() <= 0.05, method + " winners despite a harmful guardrail " + rate);
    }

    /** The HTTP scenario without HTTP: results read every 500 visitors per variant, 12 looks, mde 0.3. */
    @ParameterizedTest
    @EnumSource(Analysis.Method.class)
    void twelveLooksEvery500Visitors(Analysis.Method method) {
        Experiment e = experiment(method, Metric.CONVERSION, false, 0.30);
        SimulatedRate aa = simulate(e, Metric.CONVERSION, Truth.BASE, Truth.BASE, AA_RUNS, 4000, 12, 500, false);
        Truth sixteen = new Truth(0.16, 50, 0.4, 0.3, 0.02);
        SimulatedRate found = simulate(e, Metric.CONVERSION, Truth.BASE, sixteen, POWER_RUNS, 4001, 12, 500, true);
        System.out.printf("12 looks x 500 (mde 0.3) %-10s A/A false winners %s; 10%% -> 16%% found %s%n", method.wire(), aa, found);
        assertTrue(aa.atMost(ALPHA), method + " A/A " + aa);
        assertTrue(found.rate() >= 0.8, method + " 10% -> 16% at 6,000 visitors per arm " + found);
    }

    /** Runs that end with a winner other than the control after {@code looks} looks of {@code perLook} visitors per arm. */
    private SimulatedRate simulate(Experiment experiment, Metric metric, Truth control, Truth treatment, int runs, long seed, int looks,
                                   int perLook, boolean stopAtWinner) {
        SplittableRandom random = new SplittableRandom(seed);
        GoalPlan plan = GoalPlan.of(experiment, null);
        int winners = 0;
        for (int run = 0; run < runs; run++) {
            Arm a = new Arm("control");
            Arm b = new Arm("treatment");
            List<Look> recorded = new ArrayList<>();
            ExperimentResults last = null;
            for (int day = 1; day <= looks; day++) {
                a.visit(random, control, metric, perLook);
                b.visit(random, treatment, metric, perLook);
                Instant now = START.plus(Duration.ofDays(day));
                var context = new ResultsCalculator.Context(ResultsCalculator.normalisedWeights(experiment), (double) perLook * 2, List.of(),
                        now, recorded);
                last = calculator.compute(experiment, null, new ExperimentCounts(experiment.id(), List.of(a.counts(), b.counts())), context);
                recorded.add(ResultsCalculator.look(last, plan));
                if (last.decision().frozen() || stopAtWinner && last.decision().status() == DecisionStatus.WINNER) {
                    break;
                }
            }
            winners += last.decision().status() == DecisionStatus.WINNER && "treatment".equals(last.decision().winner()) ? 1 : 0;
        }
        return new SimulatedRate(winners, runs);
    }

    private static Experiment experiment(Analysis.Method method, Metric metric, boolean guardrail, double mde) {
        Goal primary = switch (metric) {
            case CONVERSION -> new Goal("signup", Goal.Metric.CONVERSION);
            case REVENUE -> new Goal("purchase", Goal.Metric.REVENUE);
            case NPS -> new Goal("survey", Goal.Metric.NPS);
        };
        List<Guardrail> guardrails = guardrail ? List.of(new Guardrail("unsubscribe", Goal.Metric.CONVERSION, Guardrail.Direction.INCREASE))
                : List.of();
        Kind kind = metric == Metric.NPS ? Kind.SURVEY : Kind.LANDING_PAGE;
        Stage stage = metric == Metric.NPS ? Stage.ADORATION : Stage.ACTIVATION;
        Analysis analysis = new Analysis(method, ALPHA, 0.8, mde, 500, Analysis.Correction.HOLM);
        return TestExperiments.experiment("sim", "sim", stage, kind, Status.RUNNING, List.of("control", "treatment"),
                new Goals(primary, List.of(), guardrails), analysis, Allocation.FIXED, Optional.empty());
    }

    /** One variant's cumulative counters. */
    private static final class Arm {
        private final String key;
        private long exposures;
        private long signups;
        private long purchases;
        private double valueSum;
        private double valueSquares;
        private long unsubscribes;
        private final long[] scores = new long[VariantCounts.SURVEY_SCORES];

        Arm(String key) {
            this.key = key;
        }

        void visit(SplittableRandom random, Truth truth, Metric metric, int visitors) {
            exposures += visitors;
            for (int i = 0; i < visitors; i++) {
                boolean converts = random.nextDouble() < truth.rate();
                if (metric == Metric.CONVERSION) {
                    signups += converts ? 1 : 0;
                    unsubscribes += random.nextDouble() < truth.guardrailRate() ? 1 : 0;
                } else if (metric == Metric.REVENUE && converts) {
                    double value = -truth.orderValue() * Math.log(1 - random.nextDouble());
                    purchases++;
                    valueSum += value;
                    valueSquares += value * value;
                } else if (metric == Metric.NPS && random.nextDouble() < 0.3) {
                    double u = random.nextDouble();
                    scores[u < truth.promoters() ? 10 : u < 1 - truth.detractors() ? 8 : 5]++;
                }
            }
        }

        VariantCounts counts() {
            return new VariantCounts(key, exposures, Map.of(
                    "signup", new GoalCounts(signups, signups, 0, 0),
                    "purchase", new GoalCounts(purchases, purchases, valueSum, valueSquares),
                    "unsubscribe", new GoalCounts(unsubscribes, unsubscribes, 0, 0)), scores, 0);
        }
    }
}
