package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.momentum.Main;
import io.momentum.reporting.GoalCounts;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code momentum rebuild} on the embedded stores of a data directory: corrupted counters come back exactly. */
class RebuildCommandIT {
    @TempDir
    Path tmp;

    @Test
    void recomputesCorruptedCountersFromMongo() throws Exception {
        Map<String, Long> before;
        GoalCounts purchaseBefore;
        String events = "{\"events\":[{\"type\":\"exposure\",\"id\":\"e1\",\"visitor\":\"v1\",\"experiment\":\"pricing-hero\"},"
                + "{\"type\":\"exposure\",\"id\":\"e2\",\"visitor\":\"v2\",\"experiment\":\"pricing-hero\"},"
                + "{\"type\":\"conversion\",\"id\":\"c1\",\"visitor\":\"v1\",\"goal\":\"purchase\",\"value\":19.99},"
                + "{\"type\":\"conversion\",\"id\":\"c2\",\"visitor\":\"v1\",\"goal\":\"purchase\",\"value\":0.01}]}";
        try (TrackingServer s = TrackingServer.onEmbeddedStores(tmp)) {
            s.postOk(events);
            before = raw(s);
            purchaseBefore = s.goals("purchase").get("purchase");
            s.server.storage().redis().hset("momentum:{pricing-hero}:c", "x|control", "999999").toCompletableFuture().get();
            s.server.storage().redis().del("momentum:{goal:purchase}:c").toCompletableFuture().get();
        }

        int exit = new CommandLine(new Main()).execute("rebuild", "--data-dir", tmp.resolve("data").toString());

        assertEquals(0, exit);
        try (TrackingServer s = TrackingServer.onEmbeddedStores(tmp)) {
            assertEquals(before, raw(s));
            assertEquals(purchaseBefore, s.goals("purchase").get("purchase"));
            assertEquals(1, s.postOk(events.replace("\"e1\"", "\"e3\"")).get("accepted").asInt(), "after a rebuild, ingest goes on");
        }
    }

    private static Map<String, Long> raw(TrackingServer s) throws Exception {
        return new TreeMap<>(s.server.tracking().counters().raw(TrackingFixtures.HERO).toCompletionStage().toCompletableFuture().get());
    }
}
