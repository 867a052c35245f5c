package io.momentum.experiment;

import java.time.Duration;

/** Fixed weights, or a Thompson-sampling bandit (reward experiments only) with an update interval and a floor per arm. */
public record Allocation(Mode mode, Duration interval, double floor) {

    public enum Mode implements WireName { FIXED, BANDIT }

    public static final Allocation FIXED = new Allocation(Mode.FIXED, Duration.ofHours(1), 0.05);
}
