package io.momentum.experiment;

/** What an experiment varies: a landing page, a call to action, a survey or a reward. */
public enum Kind implements WireName {
    LANDING_PAGE, CTA, SURVEY, REWARD
}
