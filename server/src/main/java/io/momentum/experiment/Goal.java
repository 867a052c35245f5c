package io.momentum.experiment;

/** A goal measured for an experiment: an event name and what is measured about it. */
public record Goal(String event, Metric metric) {

    /** CONVERSION: share of visitors who did the event; REVENUE: its monetary value per visitor; NPS: survey scores. */
    public enum Metric implements WireName { CONVERSION, REVENUE, NPS }
}
