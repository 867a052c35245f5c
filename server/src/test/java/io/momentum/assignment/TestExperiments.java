package io.momentum.assignment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.momentum.experiment.Allocation;
import io.momentum.experiment.Analysis;
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
import java.util.Optional;
import java.util.Set;

/** Named experiment fixtures for assignment tests; each {@code with...} returns a changed copy. */
public final class TestExperiments {
    private TestExperiments() {
    }

    /** A running 50/50 activation landing-page test with variants {@code control} and {@code treatment}. */
    public static Experiment running(String id) {
        return new Experiment(id, id, Stage.ACTIVATION, Kind.LANDING_PAGE, Status.RUNNING, "", "", Optional.empty(), 1.0,
                Targeting.EVERYONE, List.of(variant("control", 50), variant("treatment", 50)),
                new Goals(new Goal("signup", Goal.Metric.CONVERSION), List.of(), List.of()),
                Analysis.DEFAULTS, Allocation.FIXED, id, Optional.empty(), Optional.empty(), Optional.empty(), false,
                id + ".yaml");
    }

    public static Variant variant(String key, double weight) {
        return new Variant(key, weight, JsonNodeFactory.instance.objectNode().put("headline", "headline of " + key));
    }

    public static Experiment withVariants(Experiment e, Variant... variants) {
        return copy(e, e.status(), e.stage(), e.layer(), e.coverage(), e.targeting(), List.of(variants), e.seed(), e.winner(), e.allowForcedVariants());
    }

    public static Experiment withWeights(Experiment e, double... weights) {
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            variants.add(variant(i == 0 ? "control" : "v" + i, weights[i]));
        }
        return withVariants(e, variants.toArray(Variant[]::new));
    }

    public static Experiment withCoverage(Experiment e, double coverage) {
        return copy(e, e.status(), e.stage(), e.layer(), coverage, e.targeting(), e.variants(), e.seed(), e.winner(), e.allowForcedVariants());
    }

    public static Experiment withStatus(Experiment e, Status status) {
        return copy(e, status, e.stage(), e.layer(), e.coverage(), e.targeting(), e.variants(), e.seed(), e.winner(), e.allowForcedVariants());
    }

    public static Experiment stoppedWithWinner(Experiment e, String winner) {
        return copy(e, Status.STOPPED, e.stage(), e.layer(), e.coverage(), e.targeting(), e.variants(), e.seed(), Optional.of(winner), e.allowForcedVariants());
    }

    public static Experiment withStage(Experiment e, Stage stage) {
        return copy(e, e.status(), stage, e.layer(), e.coverage(), e.targeting(), e.variants(), e.seed(), e.winner(), e.allowForcedVariants());
    }

    public static Experiment inLayer(Experiment e, String layer, double start, double end) {
        return copy(e, e.status(), e.stage(), Optional.of(new Layer(layer, start, end)), e.coverage(), e.targeting(), e.variants(), e.seed(), e.winner(), e.allowForcedVariants());
    }

    public static Experiment withSeed(Experiment e, String seed) {
        return copy(e, e.status(), e.stage(), e.layer(), e.coverage(), e.targeting(), e.variants(), seed, e.winner(), e.allowForcedVariants());
    }

    public static Experiment allowingForcedVariants(Experiment e) {
        return copy(e, e.status(), e.stage(), e.layer(), e.coverage(), e.targeting(), e.variants(), e.seed(), e.winner(), true);
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
        return copy(e, e.status(), e.stage(), e.layer(), e.coverage(), targeting, e.variants(), e.seed(), e.winner(), e.allowForcedVariants());
    }

    public static AttributeCondition condition(String attribute, AttributeCondition.Operator operator, String... values) {
        return new AttributeCondition(attribute, operator, List.of(values), null, null);
    }

    public static AttributeCondition numeric(String attribute, AttributeCondition.Operator operator, double bound) {
        return new AttributeCondition(attribute, operator, List.of(), bound, null);
    }

    public static AttributeCondition regex(String attribute, String pattern) {
        return new AttributeCondition(attribute, AttributeCondition.Operator.REGEX, List.of(), null, pattern);
    }

    public static CatalogSnapshot snapshot(long version, Experiment... experiments) {
        Map<String, Experiment> byId = new LinkedHashMap<>();
        for (Experiment e : experiments) {
            byId.put(e.id(), e);
        }
        return new CatalogSnapshot(byId, new FlywheelDefinition(List.of()), List.of(), version);
    }

    public static Visitor visitor(String id) {
        return Visitor.of(id, null, Map.of(), null);
    }

    private static Experiment copy(Experiment e, Status status, Stage stage, Optional<Layer> layer, double coverage,
                                   Targeting targeting, List<Variant> variants, String seed, Optional<String> winner,
                                   boolean allowForced) {
        return new Experiment(e.id(), e.name(), stage, e.kind(), status, e.hypothesis(), e.owner(), layer, coverage,
                targeting, variants, e.goals(), e.analysis(), e.allocation(), seed, e.start(), e.end(), winner,
                allowForced, e.source());
    }
}
