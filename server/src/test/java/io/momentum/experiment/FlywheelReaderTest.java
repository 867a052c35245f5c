package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlywheelReaderTest {
    @Test
    void requiresTheStagesInFlywheelOrder() {
        String swapped = """
                stages:
                  - { stage: adoption, entered: a, converted: b }
                  - { stage: activation, entered: a, converted: b }
                  - { stage: adoration, entered: a, converted: b }
                  - { stage: advocacy, entered: a, converted: b }
                """;
        assertEquals(List.of(
                "2:14: stages[0].stage must be activation (the stages are listed in flywheel order: activation, adoption, adoration, advocacy), found \"adoption\"",
                "3:14: stages[1].stage must be adoption (the stages are listed in flywheel order: activation, adoption, adoration, advocacy), found \"activation\""),
                FlywheelReader.read(swapped, "flywheel.yaml").problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList());
    }

    @Test
    void namesAStageAfterItselfWhenNoNameIsGiven() {
        String unnamed = """
                stages:
                  - { stage: activation, entered: visit, converted: signup }
                  - { stage: adoption, entered: signup, converted: upgrade }
                  - { stage: adoration, entered: upgrade, converted: survey }
                  - { stage: advocacy, entered: survey, converted: referral }
                """;
        assertEquals("Adoration", FlywheelReader.read(unnamed, "flywheel.yaml").flywheel().orElseThrow().stages().get(2).name());
    }

    private static final String STAGES = """
            stages:
              - { stage: activation, entered: visit, converted: signup }
              - { stage: adoption, entered: signup, converted: upgrade }
              - { stage: adoration, entered: upgrade, converted: survey }
              - { stage: advocacy, entered: survey, converted: referral }
            """;

    @Test
    void defaultsToTheFiveDimensionsCappedAtFiftyValues() {
        assertEquals(Dimension.DEFAULTS, FlywheelReader.read(STAGES, "flywheel.yaml").flywheel().orElseThrow().dimensions());
        assertEquals(List.of("channel", "device", "visitor_type", "country", "utm_campaign"),
                Dimension.DEFAULTS.stream().map(Dimension::name).toList());
    }

    @Test
    void readsDimensionsAsNamesOrWithTheirCap() {
        String text = STAGES + "dimensions: [channel, { name: utm_campaign, max_values: 200 }]\n";
        assertEquals(List.of(new Dimension("channel", 50), new Dimension("utm_campaign", 200)),
                FlywheelReader.read(text, "flywheel.yaml").flywheel().orElseThrow().dimensions());
    }

    @Test
    void reportsBadDimensionsWithLineAndColumn() {
        String text = STAGES + """
                dimensions:
                  - Channel
                  - { name: device, max_values: 0 }
                  - device
                  - channel
                  - channel
                """;
        assertEquals(List.of(
                "7:5: dimensions[0] must be an attribute name of 1-32 lower-case letters, digits or _ starting with a letter, found \"Channel\"",
                "8:33: dimensions[1].max_values must be a whole number from 1 to 1000, found the number 0",
                "11:5: dimensions[4] repeats the dimension \"channel\"; list each once"),
                FlywheelReader.read(text, "flywheel.yaml").problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList());
    }
}
