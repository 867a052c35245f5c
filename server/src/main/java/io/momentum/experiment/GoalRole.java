package io.momentum.experiment;

/**
 * Why a goal is measured for an experiment: the primary goal decides the winner, secondary goals are
 * reported, guardrails and downstream goals (a later flywheel stage's converted event) can veto it.
 */
public enum GoalRole implements WireName {
    PRIMARY, SECONDARY, GUARDRAIL, DOWNSTREAM;

    /** Guardrails and downstream goals can only stop a winner, never make one. */
    public boolean vetoes() {
        return this == GUARDRAIL || this == DOWNSTREAM;
    }
}
