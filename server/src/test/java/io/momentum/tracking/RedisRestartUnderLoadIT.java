package io.momentum.tracking;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.MomentumServer;
import io.momentum.config.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis (with its append-only file, fsync always) is stopped and restarted on the same port in the middle of a
 * steady load of assignments and event batches: every assignment still answers 200, events answer 503 JSON
 * while Redis is gone and recover by themselves, and the counters equal exactly what was acknowledged.
 */
class RedisRestartUnderLoadIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long OUTAGE_MS = 1_500;

    @TempDir
    Path tmp;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger eventAnswers = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();
    private final AtomicLong acknowledged = new AtomicLong();

    @Test
    void assignmentStaysUpEventsAnswer503AndCountersMatchTheAcknowledgedEvents() throws Exception {
        Random random = new Random(7);
        Path experiments = TrackingFixtures.writeExperiments(tmp.resolve("experiments"));
        EventMix mix = new EventMix(TrackingFixtures.catalog(experiments), 1_500, random, "restart");
        List<List<ObjectNode>> batches = new ArrayList<>(IngestLoad.batches(mix.exposures, 10, 30, random));
        batches.addAll(IngestLoad.batches(mix.outcomes, 10, 30, random));

        try (LocalRedisProcess redis = new LocalRedisProcess(Files.createDirectories(tmp.resolve("redis")),
                "--appendonly", "yes", "--appendfsync", "always").start()) {
            MomentumServer server = MomentumServer.start(ServerConfig.embedded(experiments, tmp.resolve("data"))
                    .toBuilder().redisUrl("redis://127.0.0.1:" + redis.port()).build());
            try {
                AtomicBoolean loadRunning = new AtomicBoolean(true);
                AtomicInteger assigned = new AtomicInteger();
                AtomicInteger assignFailures = new AtomicInteger();
                CompletableFuture<Void> assignments = CompletableFuture.runAsync(() -> {
                    for (int i = 0; loadRunning.get(); i++) {
                        int status = get(server.port(), "/v1/assign?track=false&visitor=assign-" + i).statusCode();
                        (status == 200 ? assigned : assignFailures).incrementAndGet();
                    }
                });
                AtomicInteger sent = new AtomicInteger();
                CompletableFuture<Void> events = CompletableFuture.runAsync(() -> {
                    for (List<ObjectNode> batch : batches) {
                        sendUntilAccepted(server.port(), batch);
                        sent.incrementAndGet();
                    }
                });

                await("a third of the batches sent before Redis stops").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                        .until(() -> sent.get() >= batches.size() / 3);
                redis.stop();
                Thread.sleep(OUTAGE_MS);
                redis.start();
                events.get(120, TimeUnit.SECONDS);
                loadRunning.set(false);
                assignments.get(30, TimeUnit.SECONDS);

                System.out.printf("redis restart: %d events in %d batches sent, %d acknowledged (202), %d answers 503 JSON"
                                + " while Redis was down, %d unexpected; %d assignments answered 200, %d failed%n",
                        mix.exposures.size() + mix.outcomes.size(), batches.size(), acknowledged.get(), unavailable.get(),
                        unexpected.get(), assigned.get(), assignFailures.get());
                assertEquals(0, assignFailures.get(), "assignment availability must stay 100 %");
                assertTrue(unavailable.get() > 0, "the outage must land during the load");
                assertEquals(0, unexpected.get(), "only 202 or 503 JSON answers");
                for (String experiment : EventMix.EXPERIMENTS) {
                    Map<String, Long> counted = new TreeMap<>(server.tracking().counters().raw(experiment)
                            .toCompletionStage().toCompletableFuture().get());
                    assertEquals(mix.expectedCounters(experiment), counted, experiment);
                }
                for (String goal : EventMix.GOALS) {
                    assertEquals(mix.expectedGoal(goal), server.tracking().counts().readGoal(goal)
                            .toCompletionStage().toCompletableFuture().get(), goal);
                }
            } finally {
                server.stop();
            }
        }
    }

    /** Sends the batch with the same ids until it is acknowledged; 503 must be the JSON error envelope. */
    private void sendUntilAccepted(int port, List<ObjectNode> batch) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(JSON.createObjectNode().set("events", JSON.valueToTree(batch)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        await("a batch acknowledged (202) despite the Redis restart").atMost(Duration.ofMinutes(1))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).pollInSameThread()
                .until(() -> sendOnce(port, body));
    }

    /** One attempt: counts the answer; true once acknowledged. */
    private boolean sendOnce(int port, byte[] body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        eventAnswers.incrementAndGet();
        if (response.statusCode() == 202) {
            acknowledged.addAndGet(JSON.readTree(response.body()).get("accepted").asLong());
            return true;
        }
        boolean jsonError = response.statusCode() == 503 && response.body().startsWith("{\"error\":{\"code\":\"unavailable\"");
        (jsonError ? unavailable : unexpected).incrementAndGet();
        return false;
    }

    private HttpResponse<String> get(int port, String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
