package io.momentum.tracking;

import io.momentum.experiment.Stage;

/** Flywheel stage counters: unique visitors who did the stage's "entered" event and its "converted" event. */
public record StageCounters(Stage stage, String enteredEvent, long entered, String convertedEvent, long converted) {
}
