package io.momentum.reporting;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.momentum.experiment.Analysis;
import io.momentum.experiment.Goal;
import io.momentum.experiment.GoalRole;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The results of one experiment as {@code GET /v1/experiments/{id}/results} returns them (DESIGN.md §7:
 * keys may be added, never renamed).
 *
 * @param method     how p-values are computed: sequential (mSPRT, always valid), fixed or bayesian
 * @param correction multiple-comparison correction within a family: the primary goal's comparisons (the decision),
 *                   the secondary goals' comparisons; guardrails and downstream goals are in neither
 * @param allocation current weights and weight periods of a bandit; null for fixed weights
 * @param referrals  for reward experiments: the visitors the variants' advocates referred and who of them succeeded;
 *                   null for other kinds
 * @param endedAt    the {@code end} of a running experiment once it has passed (numbers and decision are as of it); else null
 */
public record ExperimentResults(
        String experiment,
        String name,
        Stage stage,
        Kind kind,
        Status status,
        Analysis.Method method,
        String control,
        String primaryGoal,
        Analysis.Correction correction,
        double alpha,
        Instant computedAt,
        List<VariantResult> variants,
        Srm srm,
        SampleProgress sample,
        BanditState allocation,
        Decision decision,
        ReferralOutcome referrals,
        Instant endedAt) {

    public ExperimentResults {
        variants = List.copyOf(variants);
    }

    /** The same results with another decision (e.g. reasons added by a segment breakdown). */
    public ExperimentResults withDecision(Decision newDecision) {
        return new ExperimentResults(experiment, name, stage, kind, status, method, control, primaryGoal, correction, alpha,
                computedAt, variants, srm, sample, allocation, newDecision, referrals, endedAt);
    }

    /** The same results with the referral outcome read from the event log. */
    public ExperimentResults withReferrals(ReferralOutcome outcome) {
        return new ExperimentResults(experiment, name, stage, kind, status, method, control, primaryGoal, correction, alpha,
                computedAt, variants, srm, sample, allocation, decision, outcome, endedAt);
    }

    public Optional<VariantResult> variant(String key) {
        return variants.stream().filter(v -> v.key().equals(key)).findFirst();
    }

    /** One variant: its share of traffic, unique exposures, every goal and (for surveys) its NPS. */
    public record VariantResult(String key, double weight, long exposures, Map<String, GoalResult> goals, SurveyResult survey) {
        public VariantResult {
            goals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(goals));
        }
    }

    /**
     * One goal of one variant: what was observed and, for every variant but the control, how it compares
     * with the control. The JSON is flat: the observed counts and the comparison are unwrapped into it.
     *
     * @param role    primary, secondary, guardrail or downstream (a later flywheel stage's converted event)
     * @param metric  conversion, revenue or nps
     * @param verdict better, worse or inconclusive at alpha (see README, "Results and decisions"); null for the control
     */
    public record GoalResult(GoalRole role, Goal.Metric metric, @JsonUnwrapped Observed observed,
                             @JsonUnwrapped Comparison comparison, Verdict verdict) {

        /** The control's numbers: nothing to compare with. */
        public static GoalResult control(GoalRole role, Goal.Metric metric, Observed observed) {
            return new GoalResult(role, metric, observed, Comparison.NONE, null);
        }

        /** A variant compared with the control, not yet corrected for multiple comparisons nor judged. */
        public static GoalResult compared(GoalRole role, Goal.Metric metric, Observed observed, Comparison comparison) {
            return new GoalResult(role, metric, observed, comparison, null);
        }

        /** The comparison after the correction within its family and the verdict it leads to. */
        public GoalResult judged(Comparison judgedComparison, Verdict judged) {
            return new GoalResult(role, metric, observed, judgedComparison, judged);
        }
    }

    /**
     * What one variant did on one goal.
     *
     * @param converters      unique visitors who did the goal's event (survey goals: responses)
     * @param rate            converters / exposures
     * @param valuePerVisitor value sum / exposures (revenue goals)
     */
    public record Observed(long converters, long conversions, Double rate, double valueSum, double valueSumSquares,
                           Double valuePerVisitor) {

        /** A conversion or revenue goal's counters among {@code exposures} visitors. */
        public static Observed of(GoalCounts counts, long exposures) {
            return new Observed(counts.converters(), counts.conversions(), ratio(counts.converters(), exposures),
                    counts.valueSum(), counts.valueSumSquares(), exposures == 0 ? null : counts.valueSum() / exposures);
        }

        /** An NPS goal: the survey responses among {@code exposures} visitors; scores carry no value. */
        public static Observed responses(long responses, long exposures) {
            return new Observed(responses, responses, ratio(responses, exposures), 0, 0, null);
        }

        private static Double ratio(long count, long exposures) {
            return exposures == 0 ? null : (double) count / exposures;
        }
    }

    /**
     * A variant against the control on one goal. Every key is always written: an undefined statistic is null.
     *
     * @param pValue         from the experiment's method; for sequential the always-valid mSPRT p-value, the running
     *                       minimum over every recorded look
     * @param pValueFixed    fixed-horizon test: two-proportion z, Welch t or the NPS z test
     * @param pValueAdjusted pValue after Holm or Benjamini-Hochberg within the goal's family (primary or secondary);
     *                       null for guardrails and downstream goals, which are in no family
     * @param chanceToWin    Bayesian P(variant beats control) for conversion goals
     * @param expectedLoss   Bayesian expected loss (in rate) of choosing the variant
     * @param nonInferior    guardrails: whether the always-valid interval shows the guardrail moved less than its margin
     *                       the wrong way; null for other goals
     * @param evidence       this look's normal-mixture statistics (kept with the look, not written)
     */
    public record Comparison(@JsonUnwrapped Difference difference, Double pValue, Double pValueFixed, Double pValueAdjusted,
                             Double chanceToWin, Double expectedLoss, Boolean nonInferior, @JsonIgnore Evidence evidence) {
        /** The control's row, and a bandit's primary goal before any weight period has both arms. */
        public static final Comparison NONE = new Comparison(Difference.NONE, null, null, null, null, null, null, null);

        /** A frequentist comparison: the difference, the method's p-value and the fixed-horizon one. */
        public static Comparison of(Difference difference, Double pValue, Double pValueFixed) {
            return new Comparison(difference, pValue, pValueFixed, null, null, null, null, null);
        }

        /** This comparison with the Bayesian chance to beat the control and the expected loss. */
        public Comparison withBayes(Double chance, Double loss) {
            return new Comparison(difference, pValue, pValueFixed, pValueAdjusted, chance, loss, nonInferior, evidence);
        }

        /** This comparison with this look's mixture evidence. */
        public Comparison withEvidence(Evidence current) {
            return new Comparison(difference, pValue, pValueFixed, pValueAdjusted, chanceToWin, expectedLoss, nonInferior, current);
        }

        /** The judged numbers: the method's (possibly running-minimum) p-value, the adjusted one and the reported interval. */
        public Comparison judged(Difference reported, Double method, Double adjusted, Boolean shownNonInferior) {
            return new Comparison(reported, method, pValueFixed, adjusted, chanceToWin, expectedLoss, shownNonInferior, evidence);
        }

        public Double diff() {
            return difference.diff();
        }

        public Double lift() {
            return difference.lift();
        }
    }

    /**
     * How big the effect is: the difference with its confidence interval and, when the control's level is
     * positive, the same relative to it.
     *
     * @param diff        treatment minus control: rate difference, value per visitor difference or NPS points
     * @param ciDiff      the method's interval: for sequential the always-valid one of the same mixture as the p-value
     *                    (at the family's adjusted level, so it excludes 0 exactly when the adjusted p-value is below alpha)
     * @param ciDiffFixed the fixed-horizon interval at alpha, whatever the method
     */
    public record Difference(Double diff, List<Double> ciDiff, Double lift, List<Double> ciLift,
                             List<Double> ciDiffFixed, List<Double> ciLiftFixed) {
        public static final Difference NONE = new Difference(null, null, null, null);

        /** A fixed-horizon difference: the method's interval is the fixed one. */
        public Difference(Double diff, List<Double> ciDiff, Double lift, List<Double> ciLift) {
            this(diff, ciDiff, lift, ciLift, ciDiff, ciLift);
        }

        /** The difference and its interval; no lift (the control's level is zero or has no meaning). */
        public static Difference absolute(Double diff, List<Double> ciDiff) {
            return new Difference(diff, ciDiff, null, null);
        }

        /** The same estimate reported with another interval (and the lift interval it implies); the fixed ones stay. */
        public Difference withInterval(List<Double> interval, List<Double> liftInterval) {
            return new Difference(diff, interval, lift, liftInterval, ciDiffFixed, ciLiftFixed);
        }
    }

    /**
     * Survey answers of one variant: response rate and Net Promoter Score with its difference test among responders,
     * and the response rate compared with the control's as a result of its own (the survey's form is often the
     * treatment, so who answers differs).
     *
     * @param responseRateDiff    response rate minus the control's, with its fixed-horizon interval and p-value
     * @param responseRatesDiffer the response rates differ significantly at alpha: the NPS difference compares
     *                            different kinds of responders and must be read with care (the decision says so)
     */
    public record SurveyResult(long responses, Double responseRate, Double nps, Double seNps,
                               Double diff, List<Double> ciDiff, Double pValue,
                               Double responseRateDiff, List<Double> ciResponseRateDiff, Double responseRatePValue,
                               Boolean responseRatesDiffer) {
        /** The control's answers: no difference test. */
        public static SurveyResult control(long responses, Double responseRate, Double nps, Double seNps) {
            return new SurveyResult(responses, responseRate, nps, seNps, null, null, null, null, null, null, null);
        }
    }

    /** Sample-ratio mismatch: chi-square of exposures against the configured weights. */
    public record Srm(Double statistic, Double pValue, double threshold, boolean detected) {
    }

    /**
     * How far the experiment is from a trustworthy answer.
     *
     * @param sampleSizePerVariant visitors per variant to detect {@code mde} (relative) at alpha/power, from the control's
     *                             primary rate; null while that rate is unknown (0). For sequential experiments the
     *                             sample at which the mixture's always-valid boundary is crossed with that power
     *                             ({@link io.momentum.stats.MixtureSampleSize}), otherwise the fixed-horizon formula
     * @param requiredPerVariant   what the decision rule waits for (see README)
     * @param powerReached         power to detect {@code mde} with the smallest variant's exposures so far (for sequential
     *                             experiments: of the always-valid boundary at that sample, a lower bound)
     * @param visitorsPerDay       recent exposures per day (all variants), the basis of the ETA
     * @param etaDays              days until every variant reaches {@code requiredPerVariant} at that rate
     * @param horizonPerVariant    fixed and bayesian experiments: the visitors per variant they decide at, frozen when
     *                             the experiment starts (from {@code analysis.baseline}) or at its first
     *                             {@code min_visitors_per_variant} visitors; null before that and for sequential ones
     */
    public record SampleProgress(Double baselineRate, double mde, Long sampleSizePerVariant, long minVisitorsPerVariant,
                                 long requiredPerVariant, long smallestVariantExposures, long moreVisitorsPerVariant,
                                 Double powerReached, Double visitorsPerDay, Double etaDays, Long horizonPerVariant) {
    }

    /** A bandit's current weights and its weight periods (each period starts when weights change). */
    public record BanditState(String estimator, Map<String, Double> weights, List<Period> periods) {
        /** One weight period: from {@code start}, these weights. */
        public record Period(Instant start, Map<String, Double> weights) {
        }
    }

    /**
     * What to do: the status, the winning variant if any, and why in plain sentences.
     *
     * @param frozen true when a fixed or bayesian experiment has made its one decision at the horizon; it no longer changes
     */
    public record Decision(DecisionStatus status, String winner, List<String> reasons, boolean frozen) {
        public Decision {
            reasons = List.copyOf(reasons);
        }

        /** A decision that later looks may revise. */
        public Decision(DecisionStatus status, String winner, List<String> reasons) {
            this(status, winner, reasons, false);
        }
    }
}
