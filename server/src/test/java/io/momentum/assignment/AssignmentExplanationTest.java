package io.momentum.assignment;

import static io.momentum.assignment.TestExperiments.condition;
import static io.momentum.assignment.TestExperiments.inLayer;
import static io.momentum.assignment.TestExperiments.running;
import static io.momentum.assignment.TestExperiments.snapshot;
import static io.momentum.assignment.TestExperiments.targetingAttributes;
import static io.momentum.assignment.TestExperiments.targetingUrls;
import static io.momentum.assignment.TestExperiments.withCoverage;
import static io.momentum.assignment.TestExperiments.withStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.momentum.experiment.AttributeCondition;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code debug=1}: every experiment that assigns a visitor nothing says why, in the order the decision checks. */
class AssignmentExplanationTest {
    private static final Visitor ON_PRICING_FROM_FR = Visitor.of("v-7", "/pricing", Map.of("country", "FR"), null);

    private static List<AssignmentIndex.NotAssigned> explain(Visitor visitor, Experiment... experiments) {
        return AssignmentIndex.compile(snapshot(1, experiments)).explain(AssignmentRequest.of(visitor));
    }

    @Test
    void namesTheStatusOfAnExperimentThatIsNotRunning() {
        assertEquals(List.of(new AssignmentIndex.NotAssigned("aa", "status is paused, not running")),
                explain(ON_PRICING_FROM_FR, withStatus(running("aa"), Status.PAUSED)));
    }

    @Test
    void namesTheAttributeWhoseTargetingFailedAndWhatItNeeds() {
        Experiment hero = targetingAttributes(running("hero"), condition("country", AttributeCondition.Operator.IN, "US", "CA", "GB"));
        assertEquals(List.of(new AssignmentIndex.NotAssigned("hero", "targeting failed on country: country is \"FR\", needs one of [CA, GB, US]")),
                explain(ON_PRICING_FROM_FR, hero));
        assertEquals("targeting failed on country: country is not given, needs one of [CA, GB, US]",
                explain(Visitor.of("v-7", "/pricing", Map.of(), null), hero).get(0).reason());
    }

    @Test
    void namesTheUrlThatMatchedNoPattern() {
        assertEquals("targeting failed on url: /pricing matches none of [/account*]",
                explain(ON_PRICING_FROM_FR, targetingUrls(running("cta"), "/account*")).get(0).reason());
    }

    @Test
    void saysWhenTheVisitorHashesOutsideTheLayerSlotOrTheCoverage() {
        assertEquals("the visitor hashes outside its coverage 0.0",
                explain(ON_PRICING_FROM_FR, withCoverage(running("none"), 0)).get(0).reason());
        String layerReason = explain(ON_PRICING_FROM_FR, inLayer(running("slot"), "page", 0, 0.0001)).get(0).reason();
        assertEquals("the visitor hashes outside its slot [0.0, 1.0E-4) of layer page", layerReason);
    }

    @Test
    void anAssignedExperimentNeedsNoExplanation() {
        assertEquals(List.of(), explain(ON_PRICING_FROM_FR, running("everyone")));
    }
}
