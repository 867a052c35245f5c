package io.momentum.reporting;

import io.momentum.experiment.WireName;

/** What the decision rule concluded about an experiment (README, "Results and decisions"). */
public enum DecisionStatus implements WireName {
    WINNER, NO_DIFFERENCE_YET, SRM_DETECTED, GUARDRAIL_VIOLATED, DOWNSTREAM_HARM, STOPPED
}
