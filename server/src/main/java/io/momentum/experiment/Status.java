package io.momentum.experiment;

/** Lifecycle of an experiment: only {@code RUNNING} assigns visitors; {@code STOPPED} with a winner rolls it out. */
public enum Status {
    DRAFT, RUNNING, PAUSED, STOPPED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
