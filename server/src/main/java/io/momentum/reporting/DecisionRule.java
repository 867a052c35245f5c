package io.momentum.reporting;

import io.momentum.experiment.Experiment;
import io.momentum.experiment.GoalRole;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import io.momentum.reporting.ExperimentResults.Decision;
import io.momentum.reporting.ExperimentResults.Difference;
import io.momentum.reporting.ExperimentResults.GoalResult;
import io.momentum.reporting.ExperimentResults.SampleProgress;
import io.momentum.reporting.ExperimentResults.Srm;
import io.momentum.reporting.ExperimentResults.VariantResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The winner rule (README, "How Momentum decides") as a list of early returns: stopped, sample-ratio
 * mismatch, not enough sample, a winner declared at an earlier look (it stays unless harm appears), no
 * significant improvement, then the guardrails and the downstream flywheel stages veto, and every
 * guardrail must be shown within its margin (or the primary's planned sample reached). Pure.
 */
public final class DecisionRule {

    /**
     * @param downstreamStages for every downstream goal event, the flywheel stage it measures (for the reason text)
     * @param declared         the winner declared at an earlier recorded look, or null
     */
    public Decision decide(Experiment experiment, List<VariantResult> variants, Srm srm, SampleProgress sample,
                           Map<String, Stage> downstreamStages, String declared) {
        String primary = experiment.goals().primary().event();
        double alpha = experiment.analysis().alpha();
        if (experiment.status() == Status.STOPPED) {
            return stopped(experiment);
        }
        if (srm.detected()) {
            return new Decision(DecisionStatus.SRM_DETECTED, null, List.of(String.format(java.util.Locale.ROOT,
                    "exposures do not match the configured weights (sample-ratio mismatch, chi-square p %s < %s): "
                            + "fix assignment, redirects or tracking before trusting any number",
                    ReasonText.pValue(srm.pValue()), srm.threshold())));
        }
        VariantResult earlier = declared == null ? null
                : variants.stream().skip(1).filter(v -> v.key().equals(declared)).findFirst().orElse(null);
        if (earlier != null) {
            return keepDeclared(earlier, downstreamStages, experiment.analysis().alpha());
        }
        if (sample.moreVisitorsPerVariant() > 0) {
            return new Decision(DecisionStatus.NO_DIFFERENCE_YET, null, List.of(needsMore(sample)));
        }
        List<VariantResult> candidates = variants.stream().skip(1)
                .filter(v -> v.goals().get(primary).verdict() == Verdict.BETTER)
                .sorted(Comparator.comparingDouble((VariantResult v) -> v.goals().get(primary).comparison().diff()).reversed())
                .toList();
        if (candidates.isEmpty()) {
            return noDifferenceYet(variants, primary, sample);
        }
        List<String> blocked = new ArrayList<>();
        for (VariantResult candidate : candidates) {
            List<String> harms = harms(candidate, GoalRole.GUARDRAIL, downstreamStages, alpha);
            List<String> downstreamHarms = harms(candidate, GoalRole.DOWNSTREAM, downstreamStages, alpha);
            if (harms.isEmpty() && downstreamHarms.isEmpty()) {
                List<String> unproven = notShownSafe(candidate, sample);
                if (!unproven.isEmpty()) {
                    List<String> reasons = new ArrayList<>();
                    reasons.add(improvement(candidate, primary) + ", but it cannot win yet:");
                    reasons.addAll(unproven);
                    return new Decision(DecisionStatus.NO_DIFFERENCE_YET, null, reasons);
                }
                List<String> reasons = new ArrayList<>();
                reasons.add(improvement(candidate, primary));
                reasons.add("no guardrail and no downstream flywheel stage is significantly worse");
                reasons.addAll(inseparable(candidate, candidates, primary, alpha));
                reasons.addAll(responders(candidate, variants.get(0)));
                reasons.addAll(blocked);
                return new Decision(DecisionStatus.WINNER, candidate.key(), reasons);
            }
            blocked.addAll(harms);
            blocked.addAll(downstreamHarms);
        }
        VariantResult best = candidates.get(0);
        List<String> reasons = new ArrayList<>();
        reasons.add(improvement(best, primary) + ", but it cannot win:");
        reasons.addAll(blocked);
        DecisionStatus status = harms(best, GoalRole.GUARDRAIL, downstreamStages, alpha).isEmpty()
                ? DecisionStatus.DOWNSTREAM_HARM : DecisionStatus.GUARDRAIL_VIOLATED;
        return new Decision(status, null, reasons);
    }

    /** A winner declared at an earlier look stays declared; only harm seen since can take it back. */
    private static Decision keepDeclared(VariantResult winner, Map<String, Stage> downstreamStages, double alpha) {
        List<String> harms = harms(winner, GoalRole.GUARDRAIL, downstreamStages, alpha);
        List<String> downstreamHarms = harms(winner, GoalRole.DOWNSTREAM, downstreamStages, alpha);
        if (harms.isEmpty() && downstreamHarms.isEmpty()) {
            return new Decision(DecisionStatus.WINNER, winner.key(), List.of(winner.key()
                    + " was declared the winner at an earlier look and stays the winner (the always-valid test allows stopping then)",
                    "no guardrail and no downstream flywheel stage has shown harm since"));
        }
        List<String> reasons = new ArrayList<>();
        reasons.add(winner.key() + " was declared the winner at an earlier look, but harm has appeared since:");
        reasons.addAll(harms);
        reasons.addAll(downstreamHarms);
        return new Decision(harms.isEmpty() ? DecisionStatus.DOWNSTREAM_HARM : DecisionStatus.GUARDRAIL_VIOLATED, null, reasons);
    }

    /**
     * Guardrails not yet shown to stay within their margin (non-inferiority) while the primary's planned sample is not
     * reached: a quick primary win must not outrun a harm the guardrail has had no time to show.
     */
    private static List<String> notShownSafe(VariantResult candidate, SampleProgress sample) {
        Long planned = sample.sampleSizePerVariant();
        if (planned != null && sample.smallestVariantExposures() >= planned) {
            return List.of();
        }
        List<String> unproven = new ArrayList<>();
        candidate.goals().forEach((event, goal) -> {
            if (goal.role() == GoalRole.GUARDRAIL && !Boolean.TRUE.equals(goal.comparison().nonInferior())) {
                unproven.add("guardrail " + event + " is not yet shown to stay within its margin; it will be at the planned sample"
                        + (planned == null ? "" : " of ~" + ReasonText.approxCount(planned) + " visitors per variant ("
                        + ReasonText.days(sample.etaDays()) + ")"));
            }
        });
        return unproven;
    }

    /**
     * Other candidates that also beat the control and that the winner is not significantly better than (fixed-horizon
     * two-proportion test between the two variants, conversion goals): the winner is the larger estimate, not proven best.
     */
    private static List<String> inseparable(VariantResult winner, List<VariantResult> candidates, String primary, double alpha) {
        List<String> reasons = new ArrayList<>();
        GoalResult best = winner.goals().get(primary);
        if (best.metric() != io.momentum.experiment.Goal.Metric.CONVERSION) {
            return reasons;
        }
        for (VariantResult other : candidates) {
            if (other == winner) {
                continue;
            }
            Double p = io.momentum.stats.TwoProportionZTest.compare(
                    new io.momentum.stats.Proportion(other.exposures(), other.goals().get(primary).observed().converters()),
                    new io.momentum.stats.Proportion(winner.exposures(), best.observed().converters()), alpha).pValue();
            if (p == null || p >= alpha) {
                reasons.add(winner.key() + " and " + other.key() + " both beat the control but cannot be separated (p "
                        + ReasonText.pValue(p) + " between them); " + winner.key() + " has the larger lift");
            }
        }
        return reasons;
    }

    /**
     * Survey winners whose response rate differs from the control's: the decision already compares the NPS over all
     * exposed visitors, so the winner stands, but its responders' NPS is not comparable with the control's.
     */
    private static List<String> responders(VariantResult winner, VariantResult control) {
        var survey = winner.survey();
        if (survey == null || !Boolean.TRUE.equals(survey.responseRatesDiffer())) {
            return List.of();
        }
        return List.of("careful: " + winner.key() + "'s response rate differs from " + control.key() + "'s ("
                + ReasonText.percent(survey.responseRateDiff()) + " of exposed visitors, p " + ReasonText.pValue(survey.responseRatePValue())
                + "); the decision compares the NPS over all exposed visitors (non-responders count as 0), because the "
                + "responders' NPS compares different kinds of responders");
    }

    private static Decision stopped(Experiment experiment) {
        String reason = experiment.winner()
                .map(w -> "stopped by its owner; variant " + w + " is rolled out to everyone")
                .orElse("stopped by its owner without a winner");
        return new Decision(DecisionStatus.STOPPED, experiment.winner().orElse(null), List.of(reason));
    }

    private static String needsMore(SampleProgress sample) {
        return "needs ~" + ReasonText.approxCount(sample.moreVisitorsPerVariant()) + " more visitors per variant ("
                + ReasonText.days(sample.etaDays()) + ")";
    }

    private static Decision noDifferenceYet(List<VariantResult> variants, String primary, SampleProgress sample) {
        List<String> reasons = new ArrayList<>();
        variants.stream().skip(1)
                .filter(v -> v.goals().get(primary).comparison().diff() != null)
                .max(Comparator.comparingDouble(v -> v.goals().get(primary).comparison().diff()))
                .ifPresentOrElse(best -> {
                    GoalResult goal = best.goals().get(primary);
                    reasons.add("no variant is significantly better on " + primary + " yet (best: " + best.key() + " "
                            + effect(goal) + ", adjusted p " + ReasonText.pValue(goal.comparison().pValueAdjusted()) + ")");
                }, () -> reasons.add("no conversions on " + primary + " yet"));
        variants.stream().skip(1)
                .filter(v -> v.goals().get(primary).verdict() == Verdict.WORSE)
                .forEach(v -> reasons.add(v.key() + " is significantly worse than the control on " + primary
                        + " (" + effect(v.goals().get(primary)) + ")"));
        if (sample.sampleSizePerVariant() != null && sample.smallestVariantExposures() < sample.sampleSizePerVariant()) {
            long more = sample.sampleSizePerVariant() - sample.smallestVariantExposures();
            reasons.add("the planned sample of ~" + ReasonText.approxCount(sample.sampleSizePerVariant())
                    + " visitors per variant is ~" + ReasonText.approxCount(more) + " away ("
                    + ReasonText.days(sample.etaDays()) + ")");
        }
        return new Decision(DecisionStatus.NO_DIFFERENCE_YET, null, reasons);
    }

    private static List<String> harms(VariantResult variant, GoalRole role, Map<String, Stage> downstreamStages, double alpha) {
        List<String> harms = new ArrayList<>();
        variant.goals().forEach((event, goal) -> {
            if (goal.role() == role && goal.verdict() == Verdict.WORSE) {
                String what = role == GoalRole.GUARDRAIL
                        ? "guardrail " + event
                        : "the " + stageName(downstreamStages.get(event)) + " stage (" + event + ")";
                Double p = goal.comparison().pValueFixed();
                harms.add(variant.key() + " makes " + what + " significantly worse (" + effect(goal)
                        + (p != null && p < alpha ? ", p " + ReasonText.pValue(p) : ", shown by the always-valid test") + ")");
            }
        });
        return harms;
    }

    private static String improvement(VariantResult variant, String primary) {
        GoalResult goal = variant.goals().get(primary);
        return variant.key() + " improves " + primary + " (" + effect(goal) + ", adjusted p "
                + ReasonText.pValue(goal.comparison().pValueAdjusted()) + ")";
    }

    private static String stageName(Stage stage) {
        return stage == null ? "next" : stage.wire();
    }

    private static String effect(GoalResult goal) {
        Difference d = goal.comparison().difference();
        if (d.lift() != null) {
            return "lift " + ReasonText.percent(d.lift()) + ", CI " + ReasonText.interval(d.ciLift());
        }
        return String.format(java.util.Locale.ROOT, "difference %+.3g", d.diff());
    }
}
