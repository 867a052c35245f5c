package io.momentum.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.assign.QaTokens;
import io.momentum.assignment.ForcedVariant;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Goal;
import io.momentum.experiment.Goals;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import io.momentum.experiment.Targeting;
import io.momentum.experiment.Variant;
import java.time.Instant;
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
    void previewLinksForceEachVariantOnTheFirstConcretePageWithASignedTokenOnlyWhenAllowed() {
        Instant expires = Instant.parse("2026-12-08T12:00:00Z");
        Promotion.LinkSigner signer = (experiment, variant, until) -> "sig-" + variant + "-" + until.getEpochSecond();
        assertEquals(List.of(new Promotion.Preview("control", "https://shop.example/pricing?momentum_force=hero%3Acontrol.sig-control-1796731200",
                                "2026-12-08T12:00:00Z"),
                        new Promotion.Preview("benefit", "https://shop.example/pricing?momentum_force=hero%3Abenefit.sig-benefit-1796731200",
                                "2026-12-08T12:00:00Z")),
                Promotion.previews(experiment(true), signer, expires));
        assertEquals(List.of(), Promotion.previews(experiment(false), signer, expires));
    }

    @Test
    void aPreviewLinkCarriesATokenTheAssignRouteAccepts() {
        QaTokens qa = new QaTokens("test-secret-test-secret-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        String url = Promotion.previews(experiment(true), qa::issue, now.plus(QaTokens.LIFETIME)).get(1).url();
        String force = java.net.URLDecoder.decode(url.substring(url.indexOf("momentum_force=") + 15), java.nio.charset.StandardCharsets.UTF_8);
        ForcedVariant parsed = ForcedVariant.parse(force).forces().get(0);
        assertEquals("benefit", parsed.variant());
        assertEquals(java.util.Optional.empty(), qa.problem(parsed.qaToken().orElseThrow(), "hero", "benefit", now));
        assertTrue(qa.problem(parsed.qaToken().orElseThrow(), "hero", "benefit", now.plus(QaTokens.LIFETIME)).isPresent(), "expired after 7 days");
    }
}
