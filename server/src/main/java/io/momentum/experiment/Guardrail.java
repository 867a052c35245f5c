package io.momentum.experiment;

/** A goal that must not move the wrong way, e.g. {@code unsubscribe} must not increase. */
public record Guardrail(String event, Goal.Metric metric, Direction mustNot) {

    public enum Direction implements WireName { INCREASE, DECREASE }
}
