package io.momentum.assign;

import static io.momentum.assignment.TestExperiments.running;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.momentum.assignment.Assignment;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Variant;
import io.momentum.web.ApiJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignmentAnswerJsonTest {
    private final ApiJson json = new ApiJson();
    private final AssignmentAnswerJson answers = new AssignmentAnswerJson(json.mapper());

    /** What Jackson writes for the same answer through the response record (the reference). */
    private String viaJackson(String visitor, List<Assignment> assignments, Map<String, String> tokens) {
        return json.encode(new AssignmentRoutes.AssignResponse(visitor,
                assignments.stream().map(a -> new AssignmentRoutes.AssignmentJson(a.experiment().id(), a.experiment().stage().wire(),
                        a.experiment().kind().wire(), a.variant().key(), a.variant().payload(), a.source().wire(),
                        tokens.get(a.experiment().id()))).toList(),
                List.of(), List.of(), null)).toString(StandardCharsets.UTF_8);
    }

    private void assertSameBytes(String visitor, List<Assignment> assignments, Map<String, String> tokens) {
        assertEquals(viaJackson(visitor, assignments, tokens), answers.write(visitor, assignments, tokens).toString(StandardCharsets.UTF_8));
    }

    private static Assignment bucketed(Experiment e, int variant) {
        return new Assignment(e, e.variants().get(variant), Assignment.Source.BUCKETED);
    }

    @Test
    void writesWhatJacksonWritesForBucketedAssignmentsWithTokens() {
        Experiment hero = running("pricing-hero");
        Experiment cta = running("cta").toBuilder().stage(Stage.ADOPTION).kind(Kind.CTA).build();

        assertSameBytes("v-1", List.of(bucketed(hero, 0), bucketed(cta, 1)), Map.of("pricing-hero", "t1k2.abc-_", "cta", "t1k2.xyz"));
    }

    @Test
    void writesWhatJacksonWritesForForcedAndRolloutAssignmentsWithoutTokens() {
        Experiment hero = running("pricing-hero");
        Experiment cta = running("cta");

        assertSameBytes("v-1", List.of(new Assignment(hero, hero.variants().get(1), Assignment.Source.FORCED),
                new Assignment(cta, cta.variants().get(0), Assignment.Source.ROLLOUT)), Map.of());
    }

    @Test
    void escapesTheVisitorIdAndKeepsNonAsciiPayloads() {
        Variant odd = new Variant("tr\u00e9s \"b\"", 1, JsonNodeFactory.instance.objectNode()
                .put("headline", "Gr\u00fc\u00dfe \u2014 \"quoted\" \\ \n").putNull("empty").set("list", JsonNodeFactory.instance.arrayNode().add(1.5).add(true)));
        Experiment e = running("odd").toBuilder().variants(List.of(odd)).build();

        assertSameBytes("v\"<\u00e9>\\\u0001", List.of(bucketed(e, 0)), Map.of("odd", "t.x"));
    }

    @Test
    void writesANullPayloadAndNoAssignments() {
        Experiment e = running("bare").toBuilder().variants(List.of(new Variant("only", 1, null))).build();

        assertSameBytes("v", List.of(bucketed(e, 0)), Map.of());
        assertSameBytes("v", List.of(), Map.of());
    }

    @Test
    void aVariantReusedInAChangedExperimentIsSerialisedForTheNewOne() {
        Experiment before = running("hero");
        Experiment after = before.toBuilder().stage(Stage.ADVOCACY).build(); // same variant instances

        answers.write("v", List.of(bucketed(before, 0)), Map.of());
        assertSameBytes("v", List.of(bucketed(after, 0)), Map.of());
    }
}
