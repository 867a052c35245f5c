package io.momentum.reporting;

import java.util.Arrays;
import java.util.Map;

/**
 * What the counters know about one variant: unique exposures, each goal's statistics, survey score
 * counts (index = score 0..10) and referrals sent.
 */
public record VariantCounts(String key, long exposures, Map<String, GoalCounts> goals, long[] surveyScores, long referrals) {
    public static final int SURVEY_SCORES = 11;

    public VariantCounts {
        if (exposures < 0) {
            throw new IllegalArgumentException("exposures must be >= 0, was " + exposures);
        }
        goals = Map.copyOf(goals);
        surveyScores = surveyScores == null ? new long[SURVEY_SCORES] : Arrays.copyOf(surveyScores, SURVEY_SCORES);
    }

    public GoalCounts goal(String event) {
        return goals.getOrDefault(event, GoalCounts.NONE);
    }

    public long surveyResponses() {
        return Arrays.stream(surveyScores).sum();
    }

    @Override
    public long[] surveyScores() {
        return surveyScores.clone();
    }
}
