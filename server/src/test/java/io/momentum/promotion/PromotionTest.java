package io.momentum.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.momentum.experiment.Experiment;
import io.momentum.experiment.Goal;
import io.momentum.experiment.Goals;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import io.momentum.experiment.Targeting;
import io.momentum.experiment.Variant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The promotion change touches only status and winner; preview links exist only where forcing is allowed. */
class PromotionTest {
    private static Experiment experiment(boolean allowForced) {
        return Experiment.builder("hero").name("Hero").stage(Stage.ACTIVATION).kind(Kind.LANDING_PAGE).status(Status.RUNNING)
                .variants(List.of(new Variant("control", 1, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()), new Variant("benefit", 1, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())))
                .goals(new Goals(new Goal("trial_signup", Goal.Metric.CONVERSION), List.of(), List.of()))
                .targeting(new Targeting(List.of("https://shop.example/*", "https://shop.example/pricing"), List.of(), java.util.Set.of()))
                .allowForcedVariants(allowForced).build();
    }

    @Test
    void setsStatusStoppedAndTheWinnerAndNothingElse() {
        assertEquals("id: hero\nstatus: stopped\nname: x\nwinner: benefit\n", Promotion.promoted("id: hero\nstatus: running\nname: x\n", "benefit"));
        assertEquals("id: hero\nstatus: stopped\nwinner: benefit\n", Promotion.promoted("id: hero\nstatus: running\nwinner: control\n", "benefit"));
        assertEquals("status: stopped\nwinner: benefit\n", Promotion.promoted("status: running", "benefit"));
    }

    @Test
    void previewLinksForceEachVariantOnTheFirstConcretePageOnlyWhenAllowed() {
        assertEquals(List.of(new Promotion.Preview("control", "https://shop.example/pricing?momentum_force=hero%3Acontrol"),
                        new Promotion.Preview("benefit", "https://shop.example/pricing?momentum_force=hero%3Abenefit")),
                Promotion.previews(experiment(true)));
        assertEquals(List.of(), Promotion.previews(experiment(false)));
    }
}
