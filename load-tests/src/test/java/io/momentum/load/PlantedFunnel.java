package io.momentum.load;

import java.util.Map;

/**
 * The truth planted in the synthetic flywheel: which experiments the visitors walk through and how likely each
 * step is per variant. Outcomes come from {@link Visitors#uniform}, so they are fixed per visitor id.
 *
 * <ol>
 *   <li>activation: {@value #LANDING} — control signs up with 10 %, treatment with 15 % (the planted winner);</li>
 *   <li>adoption: visitors who signed up come back; {@value #CTA} is an A/A test, both arms use the feature 30 %;</li>
 *   <li>adoration: adopters are shown {@value #SURVEY}; 60 % answer with a score 0–10;</li>
 *   <li>advocacy: promoters (score 9–10) see {@value #REFERRAL} and refer a friend.</li>
 * </ol>
 */
public final class PlantedFunnel {
    public static final String LANDING = "sim-planted-winner";
    public static final String CTA = "sim-aa";
    public static final String SURVEY = "sim-survey";
    public static final String REFERRAL = "sim-referral";
    /** The flywheel stage events of flywheel-experiments/flywheel.yaml, in stage order. */
    public static final String LANDING_VIEW = "sim_landing_view";
    public static final String SIGNUP_GOAL = "sim_signup";
    public static final String FEATURE_GOAL = "sim_feature_used";
    public static final String SURVEY_GOAL = "sim_survey_answered";
    public static final String REFERRAL_GOAL = "sim_referral_sent";
    public static final String PLANTED_WINNER = "treatment";

    static final Map<String, Double> SIGNUP_RATE = Map.of("control", 0.10, PLANTED_WINNER, 0.15);
    static final double FEATURE_RATE = 0.30;
    static final double SURVEY_ANSWER_RATE = 0.60;

    private PlantedFunnel() {
    }

    public static boolean signsUp(String visitor, String landingVariant) {
        Double rate = SIGNUP_RATE.get(landingVariant);
        if (rate == null) {
            throw new IllegalStateException(LANDING + " assigned an unknown variant \"" + landingVariant + "\"");
        }
        return Visitors.uniform(visitor, "signup") < rate;
    }

    public static boolean usesFeature(String visitor) {
        return Visitors.uniform(visitor, "feature") < FEATURE_RATE;
    }

    public static boolean answersSurvey(String visitor) {
        return Visitors.uniform(visitor, "survey") < SURVEY_ANSWER_RATE;
    }

    public static int surveyScore(String visitor) {
        return (int) (Visitors.uniform(visitor, "score") * 11);
    }

    public static boolean refersAFriend(String visitor) {
        return answersSurvey(visitor) && surveyScore(visitor) >= 9;
    }
}
