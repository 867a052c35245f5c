package io.momentum.assignment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.momentum.experiment.AttributeCondition;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.Goal;
import io.momentum.experiment.Goals;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Layer;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import io.momentum.experiment.Targeting;
import io.momentum.experiment.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Named experiment fixtures for assignment tests; each {@code with...} returns a changed copy. */
public final class TestExperiments {
    private TestExperiments() {
    }

    /** A running 50/50 activation landing-page test with variants {@code control} and {@code treatment}. */
    public static Experiment running(String id) {
        return Experiment.builder(id).name(id).stage(Stage.ACTIVATION).kind(Kind.LANDING_PAGE).status(Status.RUNNING)
                .variants(List.of(variant("control", 50), variant("treatment", 50)))
                .goals(new Goals(new Goal("signup", Goal.Metric.CONVERSION), List.of(), List.of()))
                .build();
    }

    public static Variant variant(String key, double weight) {
        return new Variant(key, weight, JsonNodeFactory.instance.objectNode().put("headline", "headline of " + key));
    }

    public static Experiment withVariants(Experiment e, Variant... variants) {
        return e.toBuilder().variants(List.of(variants)).build();
    }

    public static Experiment withWeights(Experiment e, double... weights) {
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            variants.add(variant(i == 0 ? "control" : "v" + i, weights[i]));
        }
        return withVariants(e, variants.toArray(Variant[]::new));
    }

    public static Experiment withCoverage(Experiment e, double coverage) {
        return e.toBuilder().coverage(coverage).build();
    }

    public static Experiment withStatus(Experiment e, Status status) {
        return e.toBuilder().status(status).build();
    }

    public static Experiment stoppedWithWinner(Experiment e, String winner) {
        return e.toBuilder().status(Status.STOPPED).winner(winner).build();
    }

    public static Experiment withStage(Experiment e, Stage stage) {
        return e.toBuilder().stage(stage).build();
    }

    public static Experiment inLayer(Experiment e, String layer, double start, double end) {
        return e.toBuilder().layer(new Layer(layer, start, end)).build();
    }

    public static Experiment withSeed(Experiment e, String seed) {
        return e.toBuilder().seed(seed).build();
    }

    public static Experiment allowingForcedVariants(Experiment e) {
        return e.toBuilder().allowForcedVariants(true).build();
    }

    public static Experiment targetingUrls(Experiment e, String... patterns) {
        Targeting t = e.targeting();
        return withTargeting(e, new Targeting(List.of(patterns), t.attributes(), t.devices()));
    }

    public static Experiment targetingAttributes(Experiment e, AttributeCondition... conditions) {
        Targeting t = e.targeting();
        return withTargeting(e, new Targeting(t.urlPatterns(), List.of(conditions), t.devices()));
    }

    public static Experiment targetingDevices(Experiment e, String... devices) {
        Targeting t = e.targeting();
        return withTargeting(e, new Targeting(t.urlPatterns(), t.attributes(), Set.of(devices)));
    }

    public static Experiment withTargeting(Experiment e, Targeting targeting) {
        return e.toBuilder().targeting(targeting).build();
    }

    public static AttributeCondition condition(String attribute, AttributeCondition.Operator operator, String... values) {
        return AttributeCondition.ofValues(attribute, operator, List.of(values));
    }

    public static AttributeCondition numeric(String attribute, AttributeCondition.Operator operator, double bound) {
        return AttributeCondition.ofNumber(attribute, operator, bound);
    }

    public static AttributeCondition regex(String attribute, String pattern) {
        return AttributeCondition.ofPattern(attribute, pattern);
    }

    public static CatalogSnapshot snapshot(long version, Experiment... experiments) {
        Map<String, Experiment> byId = new LinkedHashMap<>();
        for (Experiment e : experiments) {
            byId.put(e.id(), e);
        }
        return new CatalogSnapshot(byId, new FlywheelDefinition(List.of()), List.of(), version, java.time.Instant.EPOCH);
    }

    public static Visitor visitor(String id) {
        return Visitor.of(id, null, Map.of(), null);
    }
}
