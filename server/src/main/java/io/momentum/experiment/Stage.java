package io.momentum.experiment;

/** The four stages of the customer flywheel, in the order a customer moves through them. */
public enum Stage implements WireName {
    ACTIVATION, ADOPTION, ADORATION, ADVOCACY
}
