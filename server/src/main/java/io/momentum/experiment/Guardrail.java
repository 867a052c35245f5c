package io.momentum.experiment;

/**
 * A goal that must not move the wrong way, e.g. {@code unsubscribe} must not increase. A winner needs every
 * guardrail shown to move at most {@code margin} (relative to the control's level) the wrong way, or the
 * primary goal's planned sample (README, "How Momentum decides").
 */
public record Guardrail(String event, Goal.Metric metric, Direction mustNot, double margin) {
    /** The non-inferiority margin when the YAML gives none: 5 % of the control's level. */
    public static final double DEFAULT_MARGIN = 0.05;

    public enum Direction implements WireName { INCREASE, DECREASE }

    public Guardrail {
        if (!(margin > 0 && margin <= 1)) {
            throw new IllegalArgumentException("margin must be in (0, 1], was " + margin);
        }
    }

    public Guardrail(String event, Goal.Metric metric, Direction mustNot) {
        this(event, metric, mustNot, DEFAULT_MARGIN);
    }
}
