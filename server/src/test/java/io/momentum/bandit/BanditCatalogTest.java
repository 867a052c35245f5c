package io.momentum.bandit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.reporting.ExperimentCounts;
import io.momentum.reporting.VariantCounts;
import io.momentum.reporting.WeightPeriod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BanditCatalogTest {
    private final Experiment reward = io.momentum.reporting.ReportingFixtures.reward("referral-reward");
    private final CatalogSnapshot base = new CatalogSnapshot(Map.of(reward.id(), reward), new FlywheelDefinition(List.of()), List.of(), 3, java.time.Instant.EPOCH);
    private final BanditAllocations allocations = new BanditAllocations();
    private final BanditCatalog catalog = new BanditCatalog(() -> base, allocations);

    @Test
    void servesTheYamlCatalogUntilABanditPublishes() {
        assertSame(base, catalog.current());
    }

    @Test
    void givesAssignmentThePublishedWeightsUnderANewerVersion() {
        allocations.publish(Map.of(reward.id(), List.of(new WeightPeriod(Instant.EPOCH, Map.of("discount", 0.1, "credit", 0.8, "swag", 0.1),
                new ExperimentCounts(reward.id(), List.of())))));
        CatalogSnapshot seen = catalog.current();
        assertEquals(0.8, seen.experiment(reward.id()).orElseThrow().variant("credit").orElseThrow().weight());
        assertTrue(seen.version() > base.version());
        assertSame(seen, catalog.current(), "derived once per published version");
    }

    /** A period freshly loaded from MongoDB, as every scheduler tick does. */
    private WeightPeriod period() {
        return new WeightPeriod(Instant.EPOCH, Map.of("discount", 0.1, "credit", 0.8, "swag", 0.1),
                new ExperimentCounts(reward.id(), List.of(new VariantCounts("credit", 5, Map.of(), null, 0))));
    }

    @Test
    void republishingTheSamePeriodsKeepsTheVersionSoAssignmentDoesNotRecompile() {
        allocations.publish(Map.of(reward.id(), List.of(period())));
        long version = allocations.current().version();
        allocations.publish(Map.of(reward.id(), List.of(period())));
        assertEquals(version, allocations.current().version());
    }
}
