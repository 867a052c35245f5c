package io.momentum.reporting;

import io.momentum.experiment.Experiment;
import io.momentum.experiment.Status;
import io.momentum.reporting.ExperimentResults.Decision;
import io.momentum.reporting.ExperimentResults.GoalResult;
import io.momentum.reporting.ExperimentResults.SampleProgress;
import io.momentum.reporting.ExperimentResults.Srm;
import io.momentum.reporting.ExperimentResults.VariantResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The winner rule (README, "Results and decisions") as a list of early returns: stopped, sample-ratio
 * mismatch, not enough sample, no significant improvement, then the guardrails and the downstream
 * flywheel stages veto. Pure: everything it needs is in its arguments.
 */
public final class DecisionRule {
    public static final String BETTER = "better";
    public static final String WORSE = "worse";
    public static final String INCONCLUSIVE = "inconclusive";

    /**
     * @param downstreamStages for every downstream goal event, the flywheel stage it measures (for the reason text)
     */
    public Decision decide(Experiment experiment, List<VariantResult> variants, Srm srm, SampleProgress sample,
                           Map<String, String> downstreamStages) {
        String primary = experiment.goals().primary().event();
        if (experiment.status() == Status.STOPPED) {
            return stopped(experiment);
        }
        if (srm.detected()) {
            return new Decision(Decision.SRM_DETECTED, null, List.of(String.format(java.util.Locale.ROOT,
                    "exposures do not match the configured weights (sample-ratio mismatch, chi-square p %s < %s): "
                            + "fix assignment, redirects or tracking before trusting any number",
                    ReasonText.pValue(srm.pValue()), srm.threshold())));
        }
        if (sample.moreVisitorsPerVariant() > 0) {
            return new Decision(Decision.NO_DIFFERENCE_YET, null, List.of(needsMore(sample)));
        }
        List<VariantResult> candidates = variants.stream().skip(1)
                .filter(v -> BETTER.equals(v.goals().get(primary).verdict()))
                .sorted(Comparator.comparingDouble((VariantResult v) -> v.goals().get(primary).diff()).reversed())
                .toList();
        if (candidates.isEmpty()) {
            return noDifferenceYet(variants, primary, sample);
        }
        List<String> blocked = new ArrayList<>();
        for (VariantResult candidate : candidates) {
            List<String> harms = harms(candidate, "guardrail", downstreamStages);
            List<String> downstreamHarms = harms(candidate, "downstream", downstreamStages);
            if (harms.isEmpty() && downstreamHarms.isEmpty()) {
                List<String> reasons = new ArrayList<>();
                reasons.add(improvement(candidate, primary));
                reasons.add("no guardrail and no downstream flywheel stage is significantly worse");
                reasons.addAll(blocked);
                return new Decision(Decision.WINNER, candidate.key(), reasons);
            }
            blocked.addAll(harms);
            blocked.addAll(downstreamHarms);
        }
        VariantResult best = candidates.get(0);
        List<String> reasons = new ArrayList<>();
        reasons.add(improvement(best, primary) + ", but it cannot win:");
        reasons.addAll(blocked);
        String status = harms(best, "guardrail", downstreamStages).isEmpty()
                ? Decision.DOWNSTREAM_HARM : Decision.GUARDRAIL_VIOLATED;
        return new Decision(status, null, reasons);
    }

    private static Decision stopped(Experiment experiment) {
        String reason = experiment.winner()
                .map(w -> "stopped by its owner; variant " + w + " is rolled out to everyone")
                .orElse("stopped by its owner without a winner");
        return new Decision(Decision.STOPPED, experiment.winner().orElse(null), List.of(reason));
    }

    private static String needsMore(SampleProgress sample) {
        return "needs ~" + ReasonText.approxCount(sample.moreVisitorsPerVariant()) + " more visitors per variant ("
                + ReasonText.days(sample.etaDays()) + ")";
    }

    private static Decision noDifferenceYet(List<VariantResult> variants, String primary, SampleProgress sample) {
        List<String> reasons = new ArrayList<>();
        variants.stream().skip(1)
                .filter(v -> v.goals().get(primary).diff() != null)
                .max(Comparator.comparingDouble(v -> v.goals().get(primary).diff()))
                .ifPresentOrElse(best -> {
                    GoalResult goal = best.goals().get(primary);
                    reasons.add("no variant is significantly better on " + primary + " yet (best: " + best.key() + " "
                            + effect(goal) + ", adjusted p " + ReasonText.pValue(goal.pValueAdjusted()) + ")");
                }, () -> reasons.add("no conversions on " + primary + " yet"));
        variants.stream().skip(1)
                .filter(v -> WORSE.equals(v.goals().get(primary).verdict()))
                .forEach(v -> reasons.add(v.key() + " is significantly worse than the control on " + primary
                        + " (" + effect(v.goals().get(primary)) + ")"));
        if (sample.sampleSizePerVariant() != null && sample.smallestVariantExposures() < sample.sampleSizePerVariant()) {
            long more = sample.sampleSizePerVariant() - sample.smallestVariantExposures();
            reasons.add("the planned sample of ~" + ReasonText.approxCount(sample.sampleSizePerVariant())
                    + " visitors per variant is ~" + ReasonText.approxCount(more) + " away ("
                    + ReasonText.days(sample.etaDays()) + ")");
        }
        return new Decision(Decision.NO_DIFFERENCE_YET, null, reasons);
    }

    private static List<String> harms(VariantResult variant, String role, Map<String, String> downstreamStages) {
        List<String> harms = new ArrayList<>();
        variant.goals().forEach((event, goal) -> {
            if (role.equals(goal.role()) && WORSE.equals(goal.verdict())) {
                String what = role.equals("guardrail")
                        ? "guardrail " + event
                        : "the " + downstreamStages.getOrDefault(event, "next") + " stage (" + event + ")";
                harms.add(variant.key() + " makes " + what + " significantly worse (" + effect(goal)
                        + ", p " + ReasonText.pValue(goal.pValueFixed()) + ")");
            }
        });
        return harms;
    }

    private static String improvement(VariantResult variant, String primary) {
        GoalResult goal = variant.goals().get(primary);
        return variant.key() + " improves " + primary + " (" + effect(goal) + ", adjusted p "
                + ReasonText.pValue(goal.pValueAdjusted()) + ")";
    }

    private static String effect(GoalResult goal) {
        if (goal.lift() != null) {
            return "lift " + ReasonText.percent(goal.lift()) + ", CI " + ReasonText.interval(goal.ciLift());
        }
        return String.format(java.util.Locale.ROOT, "difference %+.3g", goal.diff());
    }
}
