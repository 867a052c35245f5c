package io.momentum.experiment;

/**
 * A goal measured for an experiment: an event name, what is measured about it, and which senders count.
 *
 * @param source {@link Source#SERVER}: only conversions a backend sent with the ingest key count; browsers can send
 *               conversions for any visitor id, so a goal that decides real money should not trust them
 */
public record Goal(String event, Metric metric, Source source) {

    /** CONVERSION: share of visitors who did the event; REVENUE: its monetary value per visitor; NPS: survey scores. */
    public enum Metric implements WireName { CONVERSION, REVENUE, NPS }

    /** Who may send the goal's conversions: anyone (browsers included), or only backends with the ingest key. */
    public enum Source implements WireName { ANY, SERVER }

    public Goal {
        java.util.Objects.requireNonNull(source, "source");
    }

    /** A goal any sender may count. */
    public Goal(String event, Metric metric) {
        this(event, metric, Source.ANY);
    }
}
