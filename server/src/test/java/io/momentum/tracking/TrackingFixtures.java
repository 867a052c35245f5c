package io.momentum.tracking;

import com.fasterxml.jackson.databind.node.NullNode;
import io.momentum.experiment.Allocation;
import io.momentum.experiment.Analysis;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.Goal;
import io.momentum.experiment.Goals;
import io.momentum.experiment.Guardrail;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import io.momentum.experiment.Targeting;
import io.momentum.experiment.Variant;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Named experiments, a catalog and a deterministic test-only resolver for the tracking tests. */
final class TrackingFixtures {
    static final String HERO = "pricing-hero";
    static final String CTA = "upgrade-cta";
    static final String NPS = "nps-widget";
    static final String REFERRAL = "referral-reward";
    static final String PAUSED = "paused-test";

    private TrackingFixtures() {
    }

    static Experiment experiment(String id, Status status, Kind kind, String primary, List<String> secondary, List<String> guardrails) {
        return new Experiment(id, id, Stage.ACTIVATION, kind, status, "", "", Optional.empty(), 1.0, Targeting.EVERYONE,
                List.of(new Variant("control", 50, NullNode.instance), new Variant("treatment", 50, NullNode.instance)),
                new Goals(new Goal(primary, Goal.Metric.CONVERSION),
                        secondary.stream().map(g -> new Goal(g, Goal.Metric.REVENUE)).toList(),
                        guardrails.stream().map(g -> new Guardrail(g, Goal.Metric.CONVERSION, Guardrail.Direction.INCREASE)).toList()),
                Analysis.DEFAULTS, Allocation.FIXED, id, Optional.empty(), Optional.empty(), Optional.empty(), false, id + ".yaml");
    }

    /** Two running experiments sharing the revenue goal "purchase", a survey, a referral and a paused one. */
    static ExperimentCatalog catalog() {
        Map<String, Experiment> experiments = new LinkedHashMap<>();
        experiments.put(HERO, experiment(HERO, Status.RUNNING, Kind.LANDING_PAGE, "signup", List.of("purchase"), List.of("unsubscribe")));
        experiments.put(CTA, experiment(CTA, Status.RUNNING, Kind.CTA, "upgrade", List.of("purchase"), List.of()));
        experiments.put(NPS, experiment(NPS, Status.RUNNING, Kind.SURVEY, "survey_answered", List.of(), List.of()));
        experiments.put(REFERRAL, experiment(REFERRAL, Status.RUNNING, Kind.REWARD, "referral_sent", List.of(), List.of()));
        experiments.put(PAUSED, experiment(PAUSED, Status.PAUSED, Kind.CTA, "purchase", List.of(), List.of()));
        FlywheelDefinition flywheel = new FlywheelDefinition(List.of(
                new FlywheelDefinition.StageDefinition(Stage.ACTIVATION, "Activation", "visit", "signup"),
                new FlywheelDefinition.StageDefinition(Stage.ADOPTION, "Adoption", "signup", "upgrade")));
        CatalogSnapshot snapshot = new CatalogSnapshot(experiments, flywheel, List.of(), 1);
        return () -> snapshot;
    }

    /** Test-only attribution: hash of the visitor modulo the number of variants. */
    static final VariantResolver HASH_MOD = (experiment, visitor) ->
            Optional.of(experiment.variants().get(Math.floorMod((experiment.id() + visitor).hashCode(), experiment.variants().size())).key());

    static String uniquePrefix() {
        return "momentum-test-" + UUID.randomUUID() + ":";
    }

    /** Deletes every key under the prefix (tests share the machine's Redis). */
    static void deleteKeys(RedisClusterAsyncCommands<String, String> redis, String prefix) throws Exception {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000)).toCompletableFuture().get();
            if (!page.getKeys().isEmpty()) {
                redis.del(page.getKeys().toArray(String[]::new)).toCompletableFuture().get();
            }
            cursor = page;
        } while (!cursor.isFinished());
    }
}
