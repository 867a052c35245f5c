package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    void theShippedFileIsTheBuiltInDefault() {
        FlywheelReader.Result shipped = FlywheelReader.read(Path.of("../experiments/flywheel.yaml"), "flywheel.yaml");
        assertEquals(List.of(), shipped.problems());
        assertEquals(FlywheelDefinition.DEFAULT, shipped.flywheel().orElseThrow());
    }

    @Test
    void readsKpiSettingsWindowAndFunnels() {
        FlywheelDefinition f = FlywheelReader.read("""
                window: 21d
                stages:
                  - { stage: activation, entered: visit, converted: signup }
                  - { stage: adoption, entered: signup, converted: upgrade, reached_value: { event: report, window: 14d } }
                  - stage: adoration
                    entered: upgrade
                    converted: survey
                    retention: { active: [login, report], within: 30d }
                    revenue: purchase
                    nps: { experiments: [nps-a] }
                  - { stage: advocacy, entered: survey, converted: referral, referral: { event: referral, success: signup } }
                funnels:
                  - { name: buy, steps: [visit, pricing_view, signup, purchase] }
                """, "flywheel.yaml").flywheel().orElseThrow();
        assertEquals(Duration.ofDays(21), f.window());
        assertEquals(new FlywheelDefinition.ReachedValue("report", Duration.ofDays(14)), f.stages().get(1).kpis().reachedValue().orElseThrow());
        assertEquals(new FlywheelDefinition.Retention(List.of("login", "report"), Duration.ofDays(30)), f.stages().get(2).kpis().retention().orElseThrow());
        assertEquals("purchase", f.stages().get(2).kpis().revenue().orElseThrow());
        assertEquals(List.of("nps-a"), f.stages().get(2).kpis().nps().orElseThrow().experiments());
        assertEquals(new FlywheelDefinition.Referral("referral", "signup"), f.stages().get(3).kpis().referral().orElseThrow());
        assertEquals(new FlywheelDefinition.Funnel("buy", List.of("visit", "pricing_view", "signup", "purchase"), Duration.ofDays(7)),
                f.funnel("buy").orElseThrow());
    }

    @Test
    void reportsBadKpisAndFunnelsWithLineAndColumn() {
        String bad = """
                window: 2w
                stages:
                  - { stage: activation, entered: visit, converted: signup, retention: { active: [x], within: 1d } }
                  - { stage: adoption, entered: signup, converted: upgrade, reached_value: { event: report } }
                  - { stage: adoration, entered: upgrade, converted: survey, retention: { active: [], within: 0d } }
                  - { stage: advocacy, entered: survey, converted: referral, referral: { event: "no spaces" } }
                funnels:
                  - { name: Buy, steps: [visit] }
                  - { name: ok, steps: [a, b], window: 8d }
                  - { name: ok, steps: [a, b] }
                """;
        assertEquals(List.of(
                "1:9: window must be a duration from 1h to 366d such as 12h, 7d or 30d, found \"2w\"",
                "3:61: unknown field \"retention\" in stages[0] (allowed: stage, name, entered, converted)",
                "4:76: missing field \"stages[1].reached_value.window\": how soon after entering the stage, e.g. 14d",
                "5:83: stages[2].retention.active must list at least one event",
                "5:95: stages[2].retention.within must be a duration from 1h to 366d such as 12h, 7d or 30d, found \"0d\"",
                "6:72: missing field \"stages[3].referral.success\": what a referred visitor's success is, e.g. trial_signup",
                "6:81: stages[3].referral.event must be an event name of letters, digits, _ . : or - (at most 64), found \"no spaces\"",
                "8:13: funnels[0].name must be 1-64 of [a-z0-9-], found \"Buy\"",
                "8:25: funnels[0].steps must list 2 to 20 events, found 1",
                "10:13: funnels[2].name \"ok\" is used by an earlier funnel; names must be unique"),
                FlywheelReader.read(bad, "flywheel.yaml").problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList());
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
