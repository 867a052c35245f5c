package io.momentum.experiment;

import java.util.List;

/** From {@code flywheel.yaml}: for each stage, the event meaning a visitor entered it and the one meaning they converted. */
public record FlywheelDefinition(List<StageDefinition> stages) {

    public record StageDefinition(Stage stage, String name, String enteredEvent, String convertedEvent) {
    }
}
