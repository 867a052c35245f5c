package io.momentum.reporting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The results of one experiment as {@code GET /v1/experiments/{id}/results} returns them (DESIGN.md §7:
 * keys may be added, never renamed).
 *
 * @param method     how p-values are computed: sequential (mSPRT, always valid), fixed or bayesian
 * @param correction multiple-comparison correction across variants x goals: holm or benjamini_hochberg
 * @param allocation current weights and weight periods of a bandit; null for fixed weights
 */
public record ExperimentResults(
        String experiment,
        String name,
        String stage,
        String kind,
        String status,
        String method,
        String control,
        String primaryGoal,
        String correction,
        double alpha,
        Instant computedAt,
        List<VariantResult> variants,
        Srm srm,
        SampleProgress sample,
        BanditState allocation,
        Decision decision) {

    public ExperimentResults {
        variants = List.copyOf(variants);
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
     * One goal of one variant compared with the control (comparison fields are null for the control).
     *
     * @param role             primary, secondary, guardrail or downstream (a later flywheel stage's converted event)
     * @param metric           conversion, revenue or nps
     * @param rate             converters / exposures
     * @param valuePerVisitor  value sum / exposures (revenue goals)
     * @param diff             treatment minus control: rate difference, value per visitor difference or NPS points
     * @param pValue           from the experiment's method (always-valid mSPRT for sequential)
     * @param pValueFixed      fixed-horizon test: two-proportion z, Welch t or the NPS z test
     * @param pValueAdjusted   pValue after Holm or Benjamini-Hochberg across every variant x goal
     * @param chanceToWin      Bayesian P(variant beats control) for conversion goals
     * @param expectedLoss     Bayesian expected loss (in rate) of choosing the variant
     * @param verdict          better, worse or inconclusive at alpha (see README, "Results and decisions"); null for the control
     */
    public record GoalResult(
            String role,
            String metric,
            long converters,
            long conversions,
            Double rate,
            double valueSum,
            double valueSumSquares,
            Double valuePerVisitor,
            Double diff,
            List<Double> ciDiff,
            Double lift,
            List<Double> ciLift,
            Double pValue,
            Double pValueFixed,
            Double pValueAdjusted,
            Double chanceToWin,
            Double expectedLoss,
            String verdict) {
    }

    /** Survey answers of one variant: response rate and Net Promoter Score with its difference test. */
    public record SurveyResult(long responses, Double responseRate, Double nps, Double seNps,
                               Double diff, List<Double> ciDiff, Double pValue) {
    }

    /** Sample-ratio mismatch: chi-square of exposures against the configured weights. */
    public record Srm(Double statistic, Double pValue, double threshold, boolean detected) {
    }

    /**
     * How far the experiment is from a trustworthy answer.
     *
     * @param sampleSizePerVariant fixed-horizon visitors per variant to detect {@code mde} (relative) at alpha/power,
     *                             from the control's primary rate; null while that rate is unknown (0)
     * @param requiredPerVariant   what the decision rule waits for (see README)
     * @param powerReached         power to detect {@code mde} with the smallest variant's exposures so far
     * @param visitorsPerDay       recent exposures per day (all variants), the basis of the ETA
     * @param etaDays              days until every variant reaches {@code requiredPerVariant} at that rate
     */
    public record SampleProgress(Double baselineRate, double mde, Long sampleSizePerVariant, long minVisitorsPerVariant,
                                 long requiredPerVariant, long smallestVariantExposures, long moreVisitorsPerVariant,
                                 Double powerReached, Double visitorsPerDay, Double etaDays) {
    }

    /** A bandit's current weights and its weight periods (each period starts when weights change). */
    public record BanditState(String estimator, Map<String, Double> weights, List<Period> periods) {
        /** One weight period: from {@code start}, these weights. */
        public record Period(Instant start, Map<String, Double> weights) {
        }
    }

    /** What to do: the status, the winning variant if any, and why in plain sentences. */
    public record Decision(String status, String winner, List<String> reasons) {
        public static final String WINNER = "winner";
        public static final String NO_DIFFERENCE_YET = "no_difference_yet";
        public static final String SRM_DETECTED = "srm_detected";
        public static final String GUARDRAIL_VIOLATED = "guardrail_violated";
        public static final String DOWNSTREAM_HARM = "downstream_harm";
        public static final String STOPPED = "stopped";

        public Decision {
            reasons = List.copyOf(reasons);
        }
    }
}
