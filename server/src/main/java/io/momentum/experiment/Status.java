package io.momentum.experiment;

/** Lifecycle of an experiment: only {@code RUNNING} assigns visitors; {@code STOPPED} with a winner rolls it out. */
public enum Status implements WireName {
    DRAFT, RUNNING, PAUSED, STOPPED
}
