package io.momentum.experiment;

import java.util.List;

/**
 * From {@code flywheel.yaml}: for each stage, the event meaning a visitor entered it and the one meaning they converted;
 * and the dimensions results can be broken down by.
 */
public record FlywheelDefinition(List<StageDefinition> stages, List<Dimension> dimensions) {

    /** Used when the experiment directory has no {@code flywheel.yaml}; the shipped file says the same. */
    public static final FlywheelDefinition DEFAULT = new FlywheelDefinition(List.of(
            new StageDefinition(Stage.ACTIVATION, "Activation", "visit", "trial_signup"),
            new StageDefinition(Stage.ADOPTION, "Adoption", "trial_signup", "upgrade"),
            new StageDefinition(Stage.ADORATION, "Adoration", "upgrade", "survey"),
            new StageDefinition(Stage.ADVOCACY, "Advocacy", "survey", "referral")));

    public FlywheelDefinition {
        stages = List.copyOf(stages);
        dimensions = List.copyOf(dimensions);
    }

    /** The stages with the default dimensions. */
    public FlywheelDefinition(List<StageDefinition> stages) {
        this(stages, Dimension.DEFAULTS);
    }

    /** The configured dimension of that name. */
    public java.util.Optional<Dimension> dimension(String name) {
        return dimensions.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public record StageDefinition(Stage stage, String name, String enteredEvent, String convertedEvent) {
    }
}
