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
}
