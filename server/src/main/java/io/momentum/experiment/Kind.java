package io.momentum.experiment;

/** What an experiment varies: a landing page, a call to action, a survey or a reward. */
public enum Kind {
    LANDING_PAGE, CTA, SURVEY, REWARD;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
