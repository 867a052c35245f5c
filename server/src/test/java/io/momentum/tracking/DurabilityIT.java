package io.momentum.tracking;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.MomentumServer;
import io.momentum.config.ServerConfig;
import io.momentum.storage.EmbeddedMongo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL the server process during a load on the embedded stores, restart it on the same data directory and
 * re-send the batches that got no 202: the counters hold every acknowledged event exactly once, and MongoDB
 * eventually holds them all.
 */
class DurabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void keepsEveryAcknowledgedEventAcrossAKillAndCountsResentBatchesOnce() throws Exception {
        Random random = new Random(42);
        Path data = tmp.resolve("data");
        EventMix mix = new EventMix(TrackingFixtures.catalog(TrackingFixtures.writeExperiments(data.resolve("experiments"))), 3_000, random, "d");

        // MongoDB is a separate server in production and survives a SIGKILL of Momentum; here the test starts its own.
        // (CrashLoopIT kills the embedded default, whose MongoDB child process survives the server too.)
        EmbeddedMongo mongo = EmbeddedMongo.start(tmp.resolve("mongo-server"));
        try {
            survivesAKill(data, mix, random, mongo.connectionString());
        } finally {
            mongo.close();
        }
    }

    private void survivesAKill(Path data, EventMix mix, Random random, String mongoUri) throws Exception {
        FixtureServerProcess first = FixtureServerProcess.start(data, "first", mongoUri);
        List<List<ObjectNode>> outcomeBatches = IngestLoad.batches(mix.outcomes, 20, 60, random);
        List<List<ObjectNode>> unacknowledged = Collections.synchronizedList(new ArrayList<>());
        List<List<ObjectNode>> acknowledged = Collections.synchronizedList(new ArrayList<>());
        try {
            new IngestLoad(first.port()).send(IngestLoad.batches(mix.exposures, 50, 200, random), 4);
            sendUntilKilled(first.port(), outcomeBatches, acknowledged, unacknowledged, first.process());
        } finally {
            first.process().destroyForcibly().waitFor();
        }
        System.out.printf("durability: killed with %d of %d outcome batches acknowledged%n", acknowledged.size(), outcomeBatches.size());
        assertTrue(acknowledged.size() > 0 && !unacknowledged.isEmpty(), "the kill must land during the load");

        FixtureServerProcess second = FixtureServerProcess.start(data, "second", mongoUri);
        try {
            assertTrue(Files.readString(tmp.resolve("second.log")).contains("stopping orphaned embedded redis-server"),
                    "the restart stops the redis-server the killed process left behind (SIGTERM flushes its append-only file)");
            IngestLoad resend = new IngestLoad(second.port());
            for (List<ObjectNode> batch : unacknowledged) {
                resend.sendUntilAccepted(batch);
            }
            for (List<ObjectNode> batch : acknowledged.subList(0, Math.min(5, acknowledged.size()))) {
                JsonNode result = resend.sendUntilAccepted(batch);
                assertEquals(0, result.get("accepted").asInt(), "an acknowledged batch sent again is all duplicates");
                assertEquals(batch.size(), result.get("duplicates").asInt());
            }
            awaitConsistent(second.port(), Duration.ofMinutes(4), tmp.resolve("second.log"));
        } finally {
            second.process().destroy();
            second.process().waitFor(30, TimeUnit.SECONDS);
            second.process().destroyForcibly();
        }

        MomentumServer reopened = MomentumServer.start(ServerConfig.embedded(data.resolve("experiments"), data).toBuilder().mongoUri(mongoUri).build());
        try {
            mix.assertCountedExactly(reopened);
        } finally {
            reopened.stop();
        }
    }

    private static void sendUntilKilled(int port, List<List<ObjectNode>> batches, List<List<ObjectNode>> acknowledged,
                                        List<List<ObjectNode>> unacknowledged, Process server) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        ConcurrentLinkedQueue<List<ObjectNode>> queue = new ConcurrentLinkedQueue<>(batches);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            senders.submit(() -> {
                List<ObjectNode> batch;
                while ((batch = queue.poll()) != null) {
                    try {
                        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().set("events", JSON.valueToTree(batch)));
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                                .header("content-type", "application/json").timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                        (response.statusCode() == 202 ? acknowledged : unacknowledged).add(batch);
                    } catch (IOException | InterruptedException e) {
                        unacknowledged.add(batch);
                    }
                }
                return null;
            });
        }
        await("a third of the outcome batches acknowledged before the SIGKILL").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
                .until(() -> acknowledged.size() >= batches.size() / 3);
        server.destroyForcibly(); // SIGKILL in the middle of the load
        senders.shutdown();
        assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));
    }

    /** Waits for consistency; on timeout the failure shows the last reports and the server's warnings. */
    private static void awaitConsistent(int port, Duration within, Path serverLog) throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        Map<String, String> lastReports = new TreeMap<>();
        try {
            await("MongoDB catches up with Redis: every experiment consistent, writer lag 0").atMost(within).pollInterval(Duration.ofMillis(500))
                    .until(() -> allConsistent(client, port, lastReports));
        } catch (ConditionTimeoutException e) {
            String warnings = Files.readAllLines(serverLog).stream().filter(line -> line.contains("\"level\":\"WARN\"") || line.contains("\"level\":\"ERROR\""))
                    .limit(40).collect(Collectors.joining("\n"));
            throw new AssertionError(e.getMessage() + "\nlast consistency reports: " + lastReports + "\nserver warnings:\n" + warnings, e);
        }
    }

    private static boolean allConsistent(HttpClient client, int port, Map<String, String> lastReports) throws Exception {
        boolean all = true;
        for (String experiment : EventMix.EXPERIMENTS) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v1/experiments/" + experiment + "/consistency")).header("Authorization", "Bearer " + TrackingServer.ADMIN_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            lastReports.put(experiment, response.statusCode() + " " + response.body());
            JsonNode report = JSON.readTree(response.body());
            all &= response.statusCode() == 200 && report.get("consistent").asBoolean() && report.get("writer_lag").asLong() == 0;
        }
        return all;
    }
}
