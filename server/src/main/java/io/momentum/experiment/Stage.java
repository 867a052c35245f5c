package io.momentum.experiment;

/** The four stages of the customer flywheel, in the order a customer moves through them. */
public enum Stage {
    ACTIVATION, ADOPTION, ADORATION, ADVOCACY;

    /** The lower-case name used in YAML, URLs and JSON. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
