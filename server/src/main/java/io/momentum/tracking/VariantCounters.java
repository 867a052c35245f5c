package io.momentum.tracking;

import java.util.List;
import java.util.Map;

/**
 * Live counters of one variant.
 *
 * @param exposures     unique visitors exposed
 * @param goals         per goal event name (every goal of the experiment: primary, secondary, guardrails)
 * @param surveyScores  survey respondents by score, index 0..10 (first answer per visitor)
 * @param surveyChoices survey respondents by choice
 * @param referrals     referral events of exposed visitors
 * @param referrers     unique exposed visitors who referred
 */
public record VariantCounters(String variant, long exposures, Map<String, GoalCounters> goals, List<Long> surveyScores,
                              Map<String, Long> surveyChoices, long referrals, long referrers) {
    public VariantCounters {
        goals = Map.copyOf(goals);
        surveyScores = List.copyOf(surveyScores);
        surveyChoices = Map.copyOf(surveyChoices);
    }

    public GoalCounters goal(String event) {
        return goals.getOrDefault(event, GoalCounters.ZERO);
    }
}
