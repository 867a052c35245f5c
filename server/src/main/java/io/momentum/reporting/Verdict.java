package io.momentum.reporting;

import io.momentum.experiment.WireName;

/** How a variant did against the control on one goal at the experiment's alpha (README, "Results and decisions"). */
public enum Verdict implements WireName {
    BETTER, WORSE, INCONCLUSIVE
}
