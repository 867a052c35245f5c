package io.momentum.reporting;

import io.momentum.experiment.Analysis;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.Goal;
import io.momentum.experiment.GoalPlan;
import io.momentum.experiment.GoalPlan.PlannedGoal;
import io.momentum.experiment.Guardrail;
import io.momentum.experiment.GoalRole;
import io.momentum.experiment.Kind;
import io.momentum.experiment.SchedulePhase;
import io.momentum.experiment.Status;
import io.momentum.experiment.Variant;
import io.momentum.reporting.ExperimentResults.BanditState;
import io.momentum.reporting.ExperimentResults.Comparison;
import io.momentum.reporting.ExperimentResults.Decision;
import io.momentum.reporting.ExperimentResults.Difference;
import io.momentum.reporting.ExperimentResults.GoalResult;
import io.momentum.reporting.ExperimentResults.Observed;
import io.momentum.reporting.ExperimentResults.SampleProgress;
import io.momentum.reporting.ExperimentResults.Srm;
import io.momentum.reporting.ExperimentResults.SurveyResult;
import io.momentum.reporting.ExperimentResults.VariantResult;
import io.momentum.stats.AdjustedPValues;
import io.momentum.stats.BenjaminiHochberg;
import io.momentum.stats.ChiSquareResult;
import io.momentum.stats.Effect;
import io.momentum.stats.HolmBonferroni;
import io.momentum.stats.Interval;
import io.momentum.stats.MantelHaenszelDifference;
import io.momentum.stats.MixtureSampleSize;
import io.momentum.stats.MixtureSprt;
import io.momentum.stats.NormalMixtureSprt;
import io.momentum.stats.Moments;
import io.momentum.stats.NetPromoterScore;
import io.momentum.stats.Power;
import io.momentum.stats.Proportion;
import io.momentum.stats.RelativeLift;
import io.momentum.stats.SampleRatioMismatchTest;
import io.momentum.stats.SampleSize;
import io.momentum.stats.StratifiedDifference;
import io.momentum.stats.TwoProportionZTest;
import io.momentum.stats.WelchTTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.HashSet;

/**
 * Turns an experiment's counters into its results and decision (README, "Results and decisions").
 * Pure: counters, weights, traffic rate, bandit periods and the time come in as arguments.
 */
public final class ResultsCalculator {
    /** A sample-ratio mismatch is declared below this p-value (strict, because SRM checks run on every look). */
    public static final double SRM_THRESHOLD = 0.001;
    /** NPS points per unit of {@code analysis.mde} among responders: mde 0.10 means 10 points, over all exposed 10 x the response rate. */
    static final double NPS_POINTS_PER_MDE = 100;
    /** Smallest base rate used to size the mSPRT mixture while the control has no conversions. */
    static final double MIN_MIXING_RATE = 0.001;

    private final DecisionRule rule = new DecisionRule();

    /**
     * What results depend on besides the counters.
     *
     * @param weights        the current normalised weight per variant (configured, or the bandit's published weights)
     * @param visitorsPerDay recent exposures per day over all variants; null when unknown
     * @param periods        bandit weight periods, oldest first; empty for fixed weights
     * @param looks          the looks recorded before this one, oldest first ({@link LookHistory})
     * @param cohorts        a bandit's weight-period cohorts ({@link CountsReader#readCohorts}): period index -> counters
     */
    public record Context(Map<String, Double> weights, Double visitorsPerDay, List<WeightPeriod> periods, Instant now,
                          List<Look> looks, Map<Integer, ExperimentCounts> cohorts) {
        public Context {
            weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
            periods = List.copyOf(periods);
            looks = List.copyOf(looks);
            cohorts = Map.copyOf(cohorts);
        }

        /** No cohorts. */
        public Context(Map<String, Double> weights, Double visitorsPerDay, List<WeightPeriod> periods, Instant now,
                       List<Look> looks) {
            this(weights, visitorsPerDay, periods, now, looks, Map.of());
        }

        /** No looks recorded before this one. */
        public Context(Map<String, Double> weights, Double visitorsPerDay, List<WeightPeriod> periods, Instant now) {
            this(weights, visitorsPerDay, periods, now, List.of());
        }

        /** The same context with the looks recorded before this one. */
        public Context withLooks(List<Look> earlier) {
            return new Context(weights, visitorsPerDay, periods, now, earlier, cohorts);
        }

        /** The same context with a bandit's weight-period cohorts. */
        public Context withCohorts(Map<Integer, ExperimentCounts> byPeriod) {
            return new Context(weights, visitorsPerDay, periods, now, looks, byPeriod);
        }

        /** Fixed configured weights, no bandit. */
        public static Context fixed(Experiment experiment, Double visitorsPerDay, Instant now) {
            return new Context(normalisedWeights(experiment), visitorsPerDay, List.of(), now);
        }

        boolean bandit() {
            return !periods.isEmpty();
        }
    }

    public static Map<String, Double> normalisedWeights(Experiment experiment) {
        double total = experiment.variants().stream().mapToDouble(Variant::weight).sum();
        Map<String, Double> weights = new LinkedHashMap<>();
        experiment.variants().forEach(v -> weights.put(v.key(), total > 0 ? v.weight() / total : 1.0 / experiment.variants().size()));
        return weights;
    }

    public ExperimentResults compute(Experiment configured, FlywheelDefinition flywheel, ExperimentCounts counts, Context context) {
        Experiment experiment = decidedAs(configured, context);
        Analysis analysis = experiment.analysis();
        GoalPlan plan = GoalPlan.of(experiment, flywheel);
        List<VariantCounts> arms = experiment.variants().stream()
                .map(v -> counts.variant(v.key()).orElse(new VariantCounts(v.key(), 0, Map.of(), null, 0)))
                .toList();
        VariantCounts control = arms.get(0);
        boolean survey = experiment.kind() == Kind.SURVEY || arms.stream().anyMatch(a -> a.surveyResponses() > 0);

        List<Map<String, GoalResult>> goalsPerArm = new ArrayList<>();
        for (VariantCounts arm : arms) {
            Map<String, GoalResult> goals = new LinkedHashMap<>();
            for (PlannedGoal goal : plan.goals()) {
                goals.put(goal.event(), arm == control ? describe(goal, arm) : compare(goal, plan, control, arm, analysis, context));
            }
            goalsPerArm.add(goals);
        }
        Past past = Past.of(context.looks());
        adjustAndJudge(goalsPerArm, arms, analysis, plan, past);

        List<VariantResult> variants = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            VariantCounts arm = arms.get(i);
            variants.add(new VariantResult(arm.key(), context.weights().getOrDefault(arm.key(), 0.0), arm.exposures(),
                    goalsPerArm.get(i), survey ? survey(control, arm, analysis.alpha()) : null));
        }
        Srm srm = srm(arms, experiment, context);
        SampleProgress sample = sample(experiment, arms, plan, context, past);
        Decision decision = analysis.method() == Analysis.Method.SEQUENTIAL || experiment.status() == Status.STOPPED
                ? rule.decide(experiment, variants, srm, sample, plan.downstreamStages(), past.winner())
                : atHorizon(experiment, variants, srm, sample, plan, past);
        Instant endedAt = endedAt(experiment, context.now());
        if (endedAt != null) {
            List<String> reasons = new ArrayList<>();
            reasons.add("ended at " + endedAt + ": no exposure or conversion after it is counted, so this decision is final");
            reasons.addAll(decision.reasons());
            decision = new ExperimentResults.Decision(decision.status(), decision.winner(), reasons);
        }
        return new ExperimentResults(experiment.id(), experiment.name(), experiment.stage(), experiment.kind(), experiment.status(),
                analysis.method(), control.key(), plan.primary().event(), analysis.correction(), analysis.alpha(), context.now(),
                variants, srm, sample, bandit(context), decision, null, endedAt);
    }

    /**
     * A bandit decides with the sequential test whatever {@code method} says: its weights change every period, so it
     * has no fixed horizon, and the always-valid test on the cohort-stratified estimate is what stays valid while the
     * bandit and the marketer look every period.
     */
    private static Experiment decidedAs(Experiment experiment, Context context) {
        Analysis a = experiment.analysis();
        if (!context.bandit() || a.method() == Analysis.Method.SEQUENTIAL) {
            return experiment;
        }
        return experiment.toBuilder().analysis(new Analysis(Analysis.Method.SEQUENTIAL, a.alpha(), a.power(), a.mde(),
                a.minVisitorsPerVariant(), a.correction(), a.baseline())).build();
    }

    /** The end of a running experiment that has ended by {@code now}, else null (stopped ones say so in their decision). */
    private static Instant endedAt(Experiment experiment, Instant now) {
        return experiment.status() == Status.RUNNING && SchedulePhase.of(experiment, now) == SchedulePhase.ENDED
                ? experiment.end().orElseThrow() : null;
    }

    /**
     * The moment results are computed as of: now, or the {@code end} of a running experiment once it has passed, so
     * the traffic-dependent numbers and the decision stay frozen at the end.
     */
    public static Instant asOf(Experiment experiment, Instant now) {
        Instant ended = endedAt(experiment, now);
        return ended == null ? now : ended;
    }

    /**
     * Fixed and bayesian experiments decide once, at the frozen horizon, and keep that decision (a winner can still be
     * taken back by harm). Before the horizon the rule only says how far away it is.
     */
    private Decision atHorizon(Experiment experiment, List<VariantResult> variants, Srm srm, SampleProgress sample, GoalPlan plan,
                               Past past) {
        if (past.decision() != null && past.winner() == null) {
            return new Decision(past.decision(), null, List.of("decided once at the planned sample of ~"
                    + ReasonText.approxCount(sample.requiredPerVariant()) + " visitors per variant: " + past.decision().wire()
                    + "; a fixed-horizon result does not change afterwards (start a new experiment to test again)"), true);
        }
        Decision decision = rule.decide(experiment, variants, srm, sample, plan.downstreamStages(), past.winner());
        if (sample.horizonPerVariant() == null && sample.moreVisitorsPerVariant() == 0 && decision.status() != DecisionStatus.SRM_DETECTED) {
            return new Decision(DecisionStatus.NO_DIFFERENCE_YET, null, List.of("the planned sample cannot be computed yet: "
                    + "the control has no conversions (or no variance) on " + plan.primary().event()
                    + "; set analysis.baseline to fix it"));
        }
        boolean decided = past.decision() != null || sample.horizonPerVariant() != null && sample.moreVisitorsPerVariant() == 0
                && decision.status() != DecisionStatus.SRM_DETECTED;
        return decided ? new Decision(decision.status(), decision.winner(), decision.reasons(), true) : decision;
    }

    private static BanditState bandit(Context context) {
        if (context.periods().isEmpty()) {
            return null;
        }
        return new BanditState(StratifiedRates.ESTIMATOR, context.weights(),
                context.periods().stream().map(p -> new BanditState.Period(p.start(), p.weights())).toList());
    }

    /** The control's own numbers: no comparison. */
    private static GoalResult describe(PlannedGoal goal, VariantCounts arm) {
        return GoalResult.control(goal.role(), goal.metric(), observed(goal, arm));
    }

    private static Observed observed(PlannedGoal goal, VariantCounts arm) {
        return goal.metric() == Goal.Metric.NPS
                ? Observed.responses(arm.surveyResponses(), arm.exposures())
                : Observed.of(arm.goal(goal.event()), arm.exposures());
    }

    private static GoalResult compare(PlannedGoal goal, GoalPlan plan, VariantCounts control, VariantCounts arm, Analysis analysis,
                                      Context context) {
        Comparison comparison;
        if (context.bandit() && goal == plan.primary() && goal.metric() == Goal.Metric.CONVERSION) {
            comparison = compareStratified(analysis, StratifiedRates.strata(context.cohorts(), control.key(), arm.key(), goal.event()));
        } else {
            comparison = switch (goal.metric()) {
                case CONVERSION -> compareConversion(goal, control, arm, analysis);
                case REVENUE -> compareValue(goal, control, arm, analysis);
                case NPS -> compareNps(control, arm, analysis);
            };
        }
        return GoalResult.compared(goal.role(), goal.metric(), observed(goal, arm), comparison);
    }

    private static Comparison compareConversion(PlannedGoal goal, VariantCounts control, VariantCounts arm, Analysis analysis) {
        Proportion a = proportion(control, goal.event());
        Proportion b = proportion(arm, goal.event());
        TwoProportionZTest.Result z = TwoProportionZTest.compare(a, b, analysis.alpha());
        Evidence evidence = null;
        if (!a.isEmpty() && !b.isEmpty()) {
            double tau = analysis.mde() * Math.max(MIN_MIXING_RATE, a.rate());
            evidence = new Evidence(b.rate() - a.rate(), a.varianceOfRate() + b.varianceOfRate(), tau * tau);
        }
        ChanceToWin.Result bayes = ChanceToWin.of(a, b);
        Double p = analysis.method() == Analysis.Method.BAYESIAN
                ? (bayes.chanceToWin() == null ? null : 2 * Math.min(bayes.chanceToWin(), 1 - bayes.chanceToWin()))
                : methodP(analysis, evidence, z.pValue());
        return Comparison.of(new Difference(z.diff(), list(z.ciDiff()), z.lift(), list(z.ciLift())), p, z.pValue())
                .withBayes(bayes.chanceToWin(), bayes.expectedLoss()).withEvidence(evidence);
    }

    /**
     * A bandit's primary goal: every number comes from the weight-period cohorts combined with Mantel–Haenszel weights
     * ({@link MantelHaenszelDifference}): the difference, its fixed and always-valid tests, the lift and its interval
     * (with the control's uncertainty), and the chance to beat the control and expected loss (normal posterior of the
     * stratified difference). Pooled counts would mix periods with different splits (Simpson's paradox).
     */
    private static Comparison compareStratified(Analysis analysis, List<StratifiedDifference.Stratum> strata) {
        if (strata.isEmpty()) {
            return Comparison.NONE;
        }
        MantelHaenszelDifference.Estimate e = MantelHaenszelDifference.estimate(strata);
        double tau = analysis.mde() * Math.max(MIN_MIXING_RATE, e.controlRate());
        Evidence evidence = new Evidence(e.diff(), e.variance(), tau * tau);
        Difference difference = new Difference(e.diff(), list(e.ciDiff(analysis.alpha())), e.lift(), list(e.ciLift(analysis.alpha())));
        return Comparison.of(difference, methodP(analysis, evidence, e.pValue()), e.pValue())
                .withBayes(e.chanceToBeatControl(), e.expectedLoss()).withEvidence(evidence);
    }

    /** Value per exposed visitor (non-converters count as 0), Welch for the fixed test, a normal mixture for the sequential one. */
    private static Comparison compareValue(PlannedGoal goal, VariantCounts control, VariantCounts arm, Analysis analysis) {
        Moments a = moments(control, goal.event());
        Moments b = moments(arm, goal.event());
        WelchTTest.Result welch = WelchTTest.compare(a, b, analysis.alpha());
        Difference difference = Difference.absolute(welch.diff(), list(welch.ciDiff()));
        Evidence evidence = null;
        if (welch.diff() != null && a.n() > 1 && b.n() > 1) {
            double meanA = a.mean();
            double variance = a.variance() / a.n() + b.variance() / b.n();
            if (meanA > 0) {
                difference = new Difference(welch.diff(), list(welch.ciDiff()), welch.diff() / meanA,
                        list(RelativeLift.ofMeans(a, b, analysis.alpha())));
            }
            double tau = analysis.mde() * Math.max(Math.abs(meanA), 1e-9);
            evidence = new Evidence(welch.diff(), variance, tau * tau);
        }
        return normalBayes(Comparison.of(difference, methodP(analysis, evidence, welch.pValue()), welch.pValue()), analysis)
                .withEvidence(evidence);
    }

    /**
     * NPS over all exposed visitors (non-responders score 0), not among responders: the variant may change who answers
     * (one click against a form), and comparing self-selected responders would credit it with that selection. The
     * responders' NPS stays in {@code survey}. The mixing sd is mde x 100 NPS points at the control's response rate.
     */
    private static Comparison compareNps(VariantCounts control, VariantCounts arm, Analysis analysis) {
        NetPromoterScore.Result nps = npsOverExposed(control, arm, analysis.alpha());
        Evidence evidence = null;
        Double scale = npsScale(control);
        if (nps.diff() != null && nps.seControl() != null && nps.seTreatment() != null && scale != null) {
            double variance = nps.seControl() * nps.seControl() + nps.seTreatment() * nps.seTreatment();
            double tau = analysis.mde() * scale;
            evidence = new Evidence(nps.diff(), variance, tau * tau);
        }
        return normalBayes(Comparison.of(Difference.absolute(nps.diff(), list(nps.ciDiff())), methodP(analysis, evidence, nps.pValue()),
                nps.pValue()), analysis).withEvidence(evidence);
    }

    private static NetPromoterScore.Result npsOverExposed(VariantCounts control, VariantCounts arm, double alpha) {
        return NetPromoterScore.compareOverExposed(scores(control), Math.max(control.exposures(), control.surveyResponses()),
                scores(arm), Math.max(arm.exposures(), arm.surveyResponses()), alpha);
    }

    /** NPS points over all exposed per unit of mde: 100 x the control's response rate; null before anyone answered. */
    private static Double npsScale(VariantCounts control) {
        return control.exposures() == 0 || control.surveyResponses() == 0 ? null
                : NPS_POINTS_PER_MDE * Math.min(1, (double) control.surveyResponses() / control.exposures());
    }

    /**
     * Bayesian experiments on value or NPS goals: with a flat prior the posterior of the difference is normal around the
     * estimate, so the chance to beat the control is {@code Φ(diff/se)}, i.e. 1 - p/2 of the fixed test in the
     * estimate's direction, and the decision uses 2 min(chance, 1 - chance), the fixed test's p-value.
     */
    private static Comparison normalBayes(Comparison c, Analysis analysis) {
        if (analysis.method() != Analysis.Method.BAYESIAN || c.pValueFixed() == null || c.diff() == null) {
            return c;
        }
        double chance = c.diff() > 0 ? 1 - c.pValueFixed() / 2 : c.pValueFixed() / 2;
        return c.withBayes(chance, null);
    }

    private static Double methodP(Analysis analysis, Evidence sequential, Double fixed) {
        if (analysis.method() != Analysis.Method.SEQUENTIAL) {
            return fixed;
        }
        return sequential == null ? null : sequential.pValue();
    }

    /**
     * Corrects within each family (the primary goal's comparisons decide; the secondary goals' comparisons are their
     * own family; guardrails and downstream goals are in none), then gives each goal its verdict. Sequential p-values
     * are the running minimum over the recorded looks and this one, and the reported interval is the intersection of
     * the looks' always-valid intervals at the family's adjusted level, so it excludes 0 exactly when the adjusted
     * p-value is below alpha.
     */
    private static void adjustAndJudge(List<Map<String, GoalResult>> goalsPerArm, List<VariantCounts> arms, Analysis analysis,
                                       GoalPlan plan, Past past) {
        boolean sequential = analysis.method() == Analysis.Method.SEQUENTIAL;
        Map<Look.Key, Double> method = new LinkedHashMap<>();
        for (int i = 1; i < goalsPerArm.size(); i++) {
            for (Map.Entry<String, GoalResult> entry : goalsPerArm.get(i).entrySet()) {
                Look.Key key = new Look.Key(arms.get(i).key(), entry.getKey());
                Comparison c = entry.getValue().comparison();
                method.put(key, sequential ? past.runningP(key, c.evidence()) : c.pValue());
            }
        }
        Map<Look.Key, Double> adjusted = new LinkedHashMap<>();
        for (GoalRole family : List.of(GoalRole.PRIMARY, GoalRole.SECONDARY)) {
            List<Look.Key> members = method.entrySet().stream()
                    .filter(e -> e.getValue() != null && plan.goal(e.getKey().goal()).role() == family).map(Map.Entry::getKey).toList();
            if (!members.isEmpty()) {
                List<Double> adj = adjust(members.stream().map(method::get).toList(), analysis.correction());
                for (int k = 0; k < members.size(); k++) {
                    adjusted.put(members.get(k), adj.get(k));
                }
            }
        }
        for (int i = 1; i < goalsPerArm.size(); i++) {
            for (Map.Entry<String, GoalResult> entry : goalsPerArm.get(i).entrySet()) {
                Look.Key key = new Look.Key(arms.get(i).key(), entry.getKey());
                PlannedGoal goal = plan.goal(entry.getKey());
                GoalResult g = entry.getValue();
                Comparison c = g.comparison();
                Double p = method.get(key);
                Double adj = adjusted.get(key);
                Double level = c.lift() == null && goal.metric() != Goal.Metric.NPS ? null : controlLevel(goal, arms.get(0));
                List<Double> alwaysValid = past.interval(key, c.evidence(), familyLevel(analysis.alpha(), p, adj, g.role()));
                Difference reported = sequential
                        ? c.difference().withInterval(alwaysValid, lift(alwaysValid, c.lift() == null ? null : level))
                        : c.difference();
                List<Double> harmCheck = past.interval(key, c.evidence(), analysis.alpha());
                Boolean nonInferior = g.role() == GoalRole.GUARDRAIL ? nonInferior(goal, harmCheck, controlLevel(goal, arms.get(0))) : null;
                Comparison judged = c.judged(reported, p, adj, nonInferior);
                Verdict verdict = g.role().vetoes()
                        ? veto(judged, goal.mustNot(), analysis.alpha(), harmful(goal.mustNot(), harmCheck) || past.harmed(key))
                        : verdict(judged, adj, analysis);
                entry.setValue(g.judged(judged, verdict));
            }
        }
    }

    /** The level of the reported interval: alpha, scaled by p / adjusted p inside a family (so 0 is excluded iff adjusted p < alpha). */
    private static double familyLevel(double alpha, Double p, Double adjusted, GoalRole role) {
        if (role.vetoes() || p == null || adjusted == null || adjusted <= 0 || p >= adjusted) {
            return alpha;
        }
        return Math.max(Double.MIN_NORMAL, alpha * p / adjusted);
    }

    /** The control's level a relative margin or lift refers to: its rate, its value per visitor, or 100 NPS points. */
    private static Double controlLevel(PlannedGoal goal, VariantCounts control) {
        if (control.exposures() == 0) {
            return null;
        }
        return switch (goal.metric()) {
            case CONVERSION -> (double) control.goal(goal.event()).converters() / control.exposures();
            case REVENUE -> control.goal(goal.event()).valueSum() / control.exposures();
            case NPS -> npsScale(control);
        };
    }

    private static List<Double> lift(List<Double> ciDiff, Double controlLevel) {
        return ciDiff == null || controlLevel == null || !(controlLevel > 0)
                ? null : List.of(ciDiff.get(0) / controlLevel, ciDiff.get(1) / controlLevel);
    }

    /** The always-valid interval lies wholly on the harmful side of 0. */
    private static boolean harmful(Guardrail.Direction mustNot, List<Double> ci) {
        if (ci == null || mustNot == null) {
            return false;
        }
        return mustNot == Guardrail.Direction.INCREASE ? ci.get(0) > 0 : ci.get(1) < 0;
    }

    /** Non-inferiority: the always-valid interval's harmful end is within margin x the control's level. */
    private static Boolean nonInferior(PlannedGoal goal, List<Double> ci, Double controlLevel) {
        if (ci == null || controlLevel == null || !(controlLevel > 0)) {
            return false;
        }
        double margin = goal.margin() * controlLevel;
        return goal.mustNot() == Guardrail.Direction.INCREASE ? ci.get(1) < margin : ci.get(0) > -margin;
    }

    private static List<Double> adjust(List<Double> pValues, Analysis.Correction correction) {
        AdjustedPValues adjusted = correction == Analysis.Correction.BENJAMINI_HOCHBERG
                ? BenjaminiHochberg.adjust(pValues) : HolmBonferroni.adjust(pValues);
        return adjusted.adjusted();
    }

    /**
     * better / worse / inconclusive for the primary and secondary goals: the p-value adjusted within the family must
     * clear alpha. For bayesian experiments that p-value is 2 min(chance to win, 1 - chance to win), so one comparison
     * is better when its chance to beat the control is at least 1 - alpha/2, and the correction applies as for p-values.
     */
    private static Verdict verdict(Comparison c, Double adjusted, Analysis analysis) {
        if (adjusted != null && c.diff() != null && adjusted < analysis.alpha() && c.diff() != 0) {
            return c.diff() > 0 ? Verdict.BETTER : Verdict.WORSE;
        }
        return Verdict.INCONCLUSIVE;
    }

    /**
     * Guardrails and downstream goals veto (worse) when the always-valid test shows harm at this or any recorded look
     * (latched), or this look's unadjusted fixed-horizon test does: a veto errs on the side of catching harm.
     */
    private static Verdict veto(Comparison c, Guardrail.Direction mustNot, double alpha, boolean harmShown) {
        if (harmShown) {
            return Verdict.WORSE;
        }
        Double p = c.pValueFixed();
        if (p != null && c.diff() != null && p < alpha && c.diff() != 0) {
            boolean up = c.diff() > 0;
            boolean harmful = mustNot == Guardrail.Direction.INCREASE ? up : !up;
            return harmful ? Verdict.WORSE : Verdict.BETTER;
        }
        return Verdict.INCONCLUSIVE;
    }

    /**
     * This look as {@link LookHistory} keeps it: every comparison's mixture evidence, the harms the always-valid test
     * shows now, and the winner if one is declared.
     */
    public static Look look(ExperimentResults results, GoalPlan plan) {
        List<Look.Entry> evidence = new ArrayList<>();
        List<Look.Key> harms = new ArrayList<>();
        for (VariantResult v : results.variants()) {
            if (v.key().equals(results.control())) {
                continue;
            }
            v.goals().forEach((event, g) -> {
                Evidence e = g.comparison().evidence();
                if (e == null) {
                    return;
                }
                Look.Key key = new Look.Key(v.key(), event);
                evidence.add(new Look.Entry(key, e));
                Interval ci = e.interval(results.alpha());
                if (g.role().vetoes() && harmful(plan.goal(event).mustNot(), list(ci))) {
                    harms.add(key);
                }
            });
        }
        String winner = results.decision().status() == DecisionStatus.WINNER ? results.decision().winner() : null;
        return new Look(results.computedAt(), evidence, harms, winner, results.sample().horizonPerVariant(),
                results.decision().frozen() ? results.decision().status() : null);
    }

    /** What the recorded looks contribute: every comparison's earlier evidence, the latched harms and the first winner. */
    private record Past(Map<Look.Key, List<Evidence>> evidence, Set<Look.Key> harms, String winner, Long horizon,
                        DecisionStatus decision) {
        static Past of(List<Look> looks) {
            Map<Look.Key, List<Evidence>> evidence = new LinkedHashMap<>();
            Set<Look.Key> harms = new HashSet<>();
            String winner = null;
            Long horizon = null;
            DecisionStatus decision = null;
            for (Look look : looks) {
                look.evidence().forEach(e -> evidence.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.evidence()));
                harms.addAll(look.harms());
                if (winner == null && decision == null) {
                    winner = look.winner();
                }
                horizon = horizon == null ? look.horizon() : horizon;
                decision = decision == null ? look.decision() : decision;
            }
            return new Past(evidence, harms, winner, horizon, decision);
        }

        /** The running minimum of the always-valid p-value; null when no look has evidence. */
        Double runningP(Look.Key key, Evidence current) {
            Double p = current == null ? null : current.pValue();
            for (Evidence e : evidence.getOrDefault(key, List.of())) {
                p = p == null ? e.pValue() : Math.min(p, e.pValue());
            }
            return p;
        }

        /** The intersection of the always-valid intervals at {@code level}; null when none (or when they do not overlap). */
        List<Double> interval(Look.Key key, Evidence current, double level) {
            double lower = Double.NEGATIVE_INFINITY;
            double upper = Double.POSITIVE_INFINITY;
            boolean any = false;
            List<Evidence> all = new ArrayList<>(evidence.getOrDefault(key, List.of()));
            if (current != null) {
                all.add(current);
            }
            for (Evidence e : all) {
                Interval ci = e.interval(level);
                if (ci != null) {
                    lower = Math.max(lower, ci.lower());
                    upper = Math.min(upper, ci.upper());
                    any = true;
                }
            }
            return any && lower <= upper ? List.of(lower, upper) : null;
        }

        boolean harmed(Look.Key key) {
            return harms.contains(key);
        }
    }

    private static SurveyResult survey(VariantCounts control, VariantCounts arm, double alpha) {
        NetPromoterScore.Result nps = NetPromoterScore.compare(scores(control), scores(arm), alpha);
        long responses = arm.surveyResponses();
        if (arm == control) {
            return SurveyResult.control(responses, rate(responses, arm.exposures()), nps.npsControl(), nps.seControl());
        }
        TwoProportionZTest.Result rates = TwoProportionZTest.compare(new Proportion(control.exposures(), control.surveyResponses()),
                new Proportion(arm.exposures(), responses), alpha);
        return new SurveyResult(responses, rate(responses, arm.exposures()), nps.npsTreatment(), nps.seTreatment(),
                nps.diff(), list(nps.ciDiff()), nps.pValue(), rates.diff(), list(rates.ciDiff()), rates.pValue(),
                rates.pValue() == null ? null : rates.pValue() < alpha);
    }

    /** Chi-square of exposures against the weights; for a bandit, against the exposures its periods' weights predict. */
    private static Srm srm(List<VariantCounts> arms, Experiment experiment, Context context) {
        List<Long> observed = arms.stream().map(VariantCounts::exposures).toList();
        if (arms.size() < 2 || observed.stream().mapToLong(Long::longValue).sum() == 0) {
            return new Srm(null, null, SRM_THRESHOLD, false);
        }
        List<Double> expected = context.periods().isEmpty()
                ? List.of()
                : StratifiedRates.expectedExposures(arms, context.periods());
        if (expected.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            expected = experiment.variants().stream().map(Variant::weight).toList();
        }
        ChiSquareResult chi = SampleRatioMismatchTest.test(observed, expected);
        return new Srm(chi.statistic(), chi.pValue(), SRM_THRESHOLD, chi.pValue() != null && chi.pValue() < SRM_THRESHOLD);
    }

    private static SampleProgress sample(Experiment experiment, List<VariantCounts> arms, GoalPlan plan, Context context, Past past) {
        Analysis analysis = experiment.analysis();
        VariantCounts control = arms.get(0);
        long smallest = arms.stream().mapToLong(VariantCounts::exposures).min().orElse(0);
        Double baseline = null;
        Long sampleSize = null;
        Double power = null;
        if (plan.primary().metric() == Goal.Metric.CONVERSION && control.exposures() > 0) {
            double rate = (double) control.goal(plan.primary().event()).converters() / control.exposures();
            baseline = rate;
            if (rate > 0 && rate * (1 + analysis.mde()) < 1) {
                Effect effect = new Effect(rate, analysis.mde(), Effect.Type.RELATIVE);
                if (analysis.method() == Analysis.Method.SEQUENTIAL) {
                    double treated = effect.treatmentRate();
                    double sigma2 = rate * (1 - rate) + treated * (1 - treated);
                    double tau = analysis.mde() * Math.max(MIN_MIXING_RATE, rate);
                    double delta = treated - rate;
                    sampleSize = MixtureSampleSize.perArm(delta, sigma2, tau * tau, analysis.alpha(), analysis.power());
                    power = smallest == 0 ? null : MixtureSampleSize.powerAt(delta, sigma2, tau * tau, analysis.alpha(), smallest);
                } else {
                    sampleSize = SampleSize.perArm(effect, analysis.alpha(), analysis.power(), true, SampleSize.Formula.POOLED).nPerArm();
                    power = Power.of(effect, analysis.alpha(), true, smallest).power();
                }
            }
        }
        Long horizon = null;
        if (analysis.method() != Analysis.Method.SEQUENTIAL) {
            horizon = past.horizon() != null ? past.horizon() : horizon(analysis, arms, plan, smallest);
            sampleSize = horizon;
        }
        long required = horizon != null ? Math.max(analysis.minVisitorsPerVariant(), horizon) : analysis.minVisitorsPerVariant();
        long more = Math.max(0, required - smallest);
        long target = more > 0 ? required : (sampleSize != null ? sampleSize : 0);
        Double eta = etaDays(arms, context, target);
        return new SampleProgress(baseline, analysis.mde(), sampleSize, analysis.minVisitorsPerVariant(), required, smallest, more,
                power, context.visitorsPerDay(), eta, horizon);
    }

    /**
     * The horizon of a fixed or bayesian experiment, computed once and then frozen (kept with the looks): from
     * {@code analysis.baseline} when given, else from the first {@code min_visitors_per_variant} visitors per variant,
     * the control's rate (conversion), the observed per-visitor variances (value: mde relative to the control's value
     * per visitor) or the NPS variances and response rates (mde x 100 NPS points). Null while it cannot be computed.
     */
    private static Long horizon(Analysis analysis, List<VariantCounts> arms, GoalPlan plan, long smallest) {
        PlannedGoal primary = plan.primary();
        VariantCounts control = arms.get(0);
        if (primary.metric() == Goal.Metric.CONVERSION && analysis.baseline() != null) {
            return conversionHorizon(analysis.baseline(), analysis);
        }
        if (smallest < analysis.minVisitorsPerVariant() || arms.size() < 2) {
            return null;
        }
        return switch (primary.metric()) {
            case CONVERSION -> conversionHorizon((double) control.goal(primary.event()).converters() / control.exposures(), analysis);
            case REVENUE -> {
                Moments a = moments(control, primary.event());
                double sigma2 = arms.stream().map(arm -> moments(arm, primary.event())).mapToDouble(Moments::variance).max().orElse(0) * 2;
                yield a.mean() > 0 ? SampleSize.perArmForMeans(analysis.mde() * a.mean(), sigma2, analysis.alpha(), analysis.power()) : null;
            }
            case NPS -> npsHorizon(arms, analysis);
        };
    }

    private static Long conversionHorizon(double rate, Analysis analysis) {
        if (!(rate > 0) || rate * (1 + analysis.mde()) >= 1) {
            return null;
        }
        return SampleSize.perArm(new Effect(rate, analysis.mde(), Effect.Type.RELATIVE), analysis.alpha(), analysis.power(), true,
                SampleSize.Formula.POOLED).nPerArm();
    }

    /** Exposed visitors per arm for mde x 100 NPS points at the control's response rate, NPS over all exposed. */
    private static Long npsHorizon(List<VariantCounts> arms, Analysis analysis) {
        Double scale = npsScale(arms.get(0));
        if (scale == null) {
            return null;
        }
        double sigma2 = 0;
        for (VariantCounts arm : arms) {
            NetPromoterScore.Result nps = npsOverExposed(arms.get(0), arm, analysis.alpha());
            if (arm.surveyResponses() < 2 || nps.seTreatment() == null) {
                return null;
            }
            sigma2 = Math.max(sigma2, nps.seTreatment() * nps.seTreatment() * arm.exposures());
        }
        return SampleSize.perArmForMeans(analysis.mde() * scale, 2 * sigma2, analysis.alpha(), analysis.power());
    }

    /** Days until every variant has {@code target} visitors at the recent rate and current weights; 0 when already there. */
    private static Double etaDays(List<VariantCounts> arms, Context context, long target) {
        double days = 0;
        for (VariantCounts arm : arms) {
            long missing = target - arm.exposures();
            if (missing <= 0) {
                continue;
            }
            double perDay = context.visitorsPerDay() == null ? 0 : context.visitorsPerDay() * context.weights().getOrDefault(arm.key(), 0.0);
            if (perDay <= 0) {
                return null;
            }
            days = Math.max(days, missing / perDay);
        }
        return days;
    }

    private static Proportion proportion(VariantCounts arm, String event) {
        return new Proportion(arm.exposures(), Math.min(arm.exposures(), arm.goal(event).converters()));
    }

    private static Moments moments(VariantCounts arm, String event) {
        GoalCounts c = arm.goal(event);
        return arm.exposures() == 0 ? new Moments(0, 0, 0) : new Moments(arm.exposures(), c.valueSum(), c.valueSumSquares());
    }

    private static List<Long> scores(VariantCounts arm) {
        return Arrays.stream(arm.surveyScores()).boxed().toList();
    }

    private static Double rate(long count, long exposures) {
        return exposures == 0 ? null : (double) count / exposures;
    }

    private static List<Double> list(Interval interval) {
        return interval == null ? null : List.of(interval.lower(), interval.upper());
    }
}
