package io.momentum.reporting;

import io.momentum.experiment.Analysis;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.Goal;
import io.momentum.experiment.GoalPlan;
import io.momentum.experiment.GoalPlan.PlannedGoal;
import io.momentum.experiment.Guardrail;
import io.momentum.experiment.Kind;
import io.momentum.experiment.SchedulePhase;
import io.momentum.experiment.Status;
import io.momentum.experiment.Variant;
import io.momentum.reporting.ExperimentResults.BanditState;
import io.momentum.reporting.ExperimentResults.Comparison;
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
import io.momentum.stats.MixtureSprt;
import io.momentum.stats.NormalMixtureSprt;
import io.momentum.stats.Moments;
import io.momentum.stats.NetPromoterScore;
import io.momentum.stats.Power;
import io.momentum.stats.Proportion;
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

/**
 * Turns an experiment's counters into its results and decision (README, "Results and decisions").
 * Pure: counters, weights, traffic rate, bandit periods and the time come in as arguments.
 */
public final class ResultsCalculator {
    /** A sample-ratio mismatch is declared below this p-value (strict, because SRM checks run on every look). */
    public static final double SRM_THRESHOLD = 0.001;
    /** Mixing standard deviation of the mSPRT for NPS goals, in NPS points. */
    static final double NPS_MIXING_SD = 10;
    /** Smallest base rate used to size the mSPRT mixture while the control has no conversions. */
    static final double MIN_MIXING_RATE = 0.001;

    private final DecisionRule rule = new DecisionRule();

    /**
     * What results depend on besides the counters.
     *
     * @param weights        the current normalised weight per variant (configured, or the bandit's published weights)
     * @param visitorsPerDay recent exposures per day over all variants; null when unknown
     * @param periods        bandit weight periods, oldest first; empty for fixed weights
     */
    public record Context(Map<String, Double> weights, Double visitorsPerDay, List<WeightPeriod> periods, Instant now) {
        public Context {
            weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
            periods = List.copyOf(periods);
        }

        /** Fixed configured weights, no bandit. */
        public static Context fixed(Experiment experiment, Double visitorsPerDay, Instant now) {
            return new Context(normalisedWeights(experiment), visitorsPerDay, List.of(), now);
        }
    }

    public static Map<String, Double> normalisedWeights(Experiment experiment) {
        double total = experiment.variants().stream().mapToDouble(Variant::weight).sum();
        Map<String, Double> weights = new LinkedHashMap<>();
        experiment.variants().forEach(v -> weights.put(v.key(), total > 0 ? v.weight() / total : 1.0 / experiment.variants().size()));
        return weights;
    }

    public ExperimentResults compute(Experiment experiment, FlywheelDefinition flywheel, ExperimentCounts counts, Context context) {
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
                goals.put(goal.event(), arm == control ? describe(goal, arm) : compare(goal, plan, control, arm, analysis, counts, context));
            }
            goalsPerArm.add(goals);
        }
        adjustAndJudge(goalsPerArm, analysis, plan);

        List<VariantResult> variants = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            VariantCounts arm = arms.get(i);
            variants.add(new VariantResult(arm.key(), context.weights().getOrDefault(arm.key(), 0.0), arm.exposures(),
                    goalsPerArm.get(i), survey ? survey(control, arm, analysis.alpha()) : null));
        }
        Srm srm = srm(arms, experiment, context);
        SampleProgress sample = sample(experiment, arms, plan, context);
        var decision = rule.decide(experiment, variants, srm, sample, plan.downstreamStages());
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
                                      ExperimentCounts counts, Context context) {
        Comparison comparison;
        if (!context.periods().isEmpty() && goal == plan.primary() && goal.metric() == Goal.Metric.CONVERSION) {
            comparison = compareStratified(goal, control, arm, analysis,
                    StratifiedRates.strata(context.periods(), counts, control.key(), arm.key(), goal.event()));
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
        Double sequential = null;
        if (!a.isEmpty() && !b.isEmpty()) {
            double base = Math.max(MIN_MIXING_RATE, a.rate());
            double tau = analysis.mde() * base;
            sequential = MixtureSprt.test(a, b, tau * tau, 0).pValue();
        }
        ChanceToWin.Result bayes = ChanceToWin.of(a, b);
        return Comparison.of(new Difference(z.diff(), list(z.ciDiff()), z.lift(), list(z.ciLift())),
                        methodP(analysis, sequential, z.pValue()), z.pValue())
                .withBayes(bayes.chanceToWin(), bayes.expectedLoss());
    }

    /**
     * A bandit's primary goal: the period-stratified estimator (see {@link StratifiedDifference}) replaces the pooled
     * difference and p-values; the Bayesian numbers stay pooled.
     */
    private static Comparison compareStratified(PlannedGoal goal, VariantCounts control, VariantCounts arm, Analysis analysis,
                                                List<StratifiedDifference.Stratum> strata) {
        Comparison pooled = compareConversion(goal, control, arm, analysis);
        Comparison stratified = Comparison.NONE;
        if (!strata.isEmpty()) {
            StratifiedDifference.Estimate e = StratifiedDifference.estimate(strata);
            List<Double> ciDiff = list(e.ciDiff(analysis.alpha()));
            Double lift = e.controlRate() > 0 ? e.diff() / e.controlRate() : null;
            List<Double> ciLift = lift == null ? null : List.of(ciDiff.get(0) / e.controlRate(), ciDiff.get(1) / e.controlRate());
            double tau = analysis.mde() * Math.max(MIN_MIXING_RATE, e.controlRate());
            double sequential = NormalMixtureSprt.pValue(e.diff(), e.variance(), tau * tau);
            stratified = Comparison.of(new Difference(e.diff(), ciDiff, lift, ciLift), methodP(analysis, sequential, e.pValue()), e.pValue());
        }
        return stratified.withBayes(pooled.chanceToWin(), pooled.expectedLoss());
    }

    /** Value per exposed visitor (non-converters count as 0), Welch for the fixed test, a normal mixture for the sequential one. */
    private static Comparison compareValue(PlannedGoal goal, VariantCounts control, VariantCounts arm, Analysis analysis) {
        Moments a = moments(control, goal.event());
        Moments b = moments(arm, goal.event());
        WelchTTest.Result welch = WelchTTest.compare(a, b, analysis.alpha());
        Difference difference = Difference.absolute(welch.diff(), list(welch.ciDiff()));
        Double sequential = null;
        if (welch.diff() != null && a.n() > 1 && b.n() > 1) {
            double meanA = a.mean();
            if (meanA > 0) {
                difference = new Difference(welch.diff(), list(welch.ciDiff()), welch.diff() / meanA,
                        welch.ciDiff() == null ? null : List.of(welch.ciDiff().lower() / meanA, welch.ciDiff().upper() / meanA));
            }
            double variance = a.variance() / a.n() + b.variance() / b.n();
            double tau = analysis.mde() * Math.max(Math.abs(meanA), 1e-9);
            sequential = NormalMixtureSprt.pValue(welch.diff(), variance, tau * tau);
        }
        return Comparison.of(difference, methodP(analysis, sequential, welch.pValue()), welch.pValue());
    }

    private static Comparison compareNps(VariantCounts control, VariantCounts arm, Analysis analysis) {
        NetPromoterScore.Result nps = NetPromoterScore.compare(scores(control), scores(arm), analysis.alpha());
        Double sequential = null;
        if (nps.diff() != null && nps.seControl() != null && nps.seTreatment() != null) {
            double variance = nps.seControl() * nps.seControl() + nps.seTreatment() * nps.seTreatment();
            sequential = NormalMixtureSprt.pValue(nps.diff(), variance, NPS_MIXING_SD * NPS_MIXING_SD);
        }
        return Comparison.of(Difference.absolute(nps.diff(), list(nps.ciDiff())), methodP(analysis, sequential, nps.pValue()),
                nps.pValue());
    }

    private static Double methodP(Analysis analysis, Double sequential, Double fixed) {
        return analysis.method() == Analysis.Method.SEQUENTIAL ? sequential : fixed;
    }

    /** Adjusts every non-control p-value together, then gives each goal its verdict. */
    private static void adjustAndJudge(List<Map<String, GoalResult>> goalsPerArm, Analysis analysis, GoalPlan plan) {
        List<Double> raw = new ArrayList<>();
        for (int i = 1; i < goalsPerArm.size(); i++) {
            goalsPerArm.get(i).values().stream().map(g -> g.comparison().pValue()).filter(java.util.Objects::nonNull).forEach(raw::add);
        }
        List<Double> adjusted = raw.isEmpty() ? List.of() : adjust(raw, analysis.correction());
        int next = 0;
        for (int i = 1; i < goalsPerArm.size(); i++) {
            for (Map.Entry<String, GoalResult> entry : goalsPerArm.get(i).entrySet()) {
                GoalResult g = entry.getValue();
                Double adj = g.comparison().pValue() == null ? null : adjusted.get(next++);
                entry.setValue(g.judged(adj, verdict(g, adj, analysis, plan.goal(entry.getKey()).mustNot())));
            }
        }
    }

    private static List<Double> adjust(List<Double> pValues, Analysis.Correction correction) {
        AdjustedPValues adjusted = correction == Analysis.Correction.BENJAMINI_HOCHBERG
                ? BenjaminiHochberg.adjust(pValues) : HolmBonferroni.adjust(pValues);
        return adjusted.adjusted();
    }

    /**
     * better / worse / inconclusive. Primary and secondary goals must clear alpha after correction;
     * guardrails and downstream goals are judged on their unadjusted fixed-horizon p-value, because a
     * veto should err on the side of catching harm (extra looks can only add false vetoes, never false wins). Bayesian experiments judge conversion goals by the chance to
     * beat the control (at least 1 - alpha is better, at most alpha is worse).
     */
    private static Verdict verdict(GoalResult g, Double adjusted, Analysis analysis, Guardrail.Direction mustNot) {
        boolean veto = g.role().vetoes();
        Comparison c = g.comparison();
        if (!veto && analysis.method() == Analysis.Method.BAYESIAN && c.chanceToWin() != null) {
            if (c.chanceToWin() >= 1 - analysis.alpha()) {
                return Verdict.BETTER;
            }
            return c.chanceToWin() <= analysis.alpha() ? Verdict.WORSE : Verdict.INCONCLUSIVE;
        }
        Double p = veto ? c.pValueFixed() : adjusted;
        if (p != null && c.diff() != null && p < analysis.alpha() && c.diff() != 0) {
            boolean up = c.diff() > 0;
            boolean harmful = mustNot == Guardrail.Direction.INCREASE ? up : !up;
            return harmful ? Verdict.WORSE : Verdict.BETTER;
        }
        return Verdict.INCONCLUSIVE;
    }

    private static SurveyResult survey(VariantCounts control, VariantCounts arm, double alpha) {
        NetPromoterScore.Result nps = NetPromoterScore.compare(scores(control), scores(arm), alpha);
        long responses = arm.surveyResponses();
        if (arm == control) {
            return SurveyResult.control(responses, rate(responses, arm.exposures()), nps.npsControl(), nps.seControl());
        }
        return new SurveyResult(responses, rate(responses, arm.exposures()), nps.npsTreatment(), nps.seTreatment(),
                nps.diff(), list(nps.ciDiff()), nps.pValue());
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

    private static SampleProgress sample(Experiment experiment, List<VariantCounts> arms, GoalPlan plan, Context context) {
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
                sampleSize = SampleSize.perArm(effect, analysis.alpha(), analysis.power(), true, SampleSize.Formula.POOLED).nPerArm();
                power = Power.of(effect, analysis.alpha(), true, smallest).power();
            }
        }
        long required = analysis.method() == Analysis.Method.FIXED && sampleSize != null
                ? Math.max(analysis.minVisitorsPerVariant(), sampleSize) : analysis.minVisitorsPerVariant();
        long more = Math.max(0, required - smallest);
        long target = more > 0 ? required : (sampleSize != null ? sampleSize : 0);
        Double eta = etaDays(arms, context, target);
        return new SampleProgress(baseline, analysis.mde(), sampleSize, analysis.minVisitorsPerVariant(), required, smallest, more,
                power, context.visitorsPerDay(), eta);
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
