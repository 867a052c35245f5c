package io.momentum.tracking;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default as a user runs it ({@code java -jar momentum.jar serve}, no store URLs), SIGKILLed
 * {@value #SERVER_KILLS} times at seeded random moments while {@value #CLIENTS} clients send events and retry every
 * batch that got no 202 with the same ids; in between, the embedded MongoDB child alone is SIGKILLed
 * {@value #MONGO_KILLS} times while the server runs. Afterwards the counters are exact, acknowledged batches sent
 * again are all duplicates, nothing is quarantined, and the MongoDB log drains and is consistent with Redis.
 */
class CrashLoopIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SERVER_KILLS = 20;
    private static final int MONGO_KILLS = 3;
    private static final int CLIENTS = 4;
    private static final long SEED = 16;

    @TempDir
    Path tmp;

    private final AtomicReference<JarServerProcess> server = new AtomicReference<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong retriedBatches = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private final ConcurrentLinkedQueue<String> replaysCounted = new ConcurrentLinkedQueue<>();

    @Test
    void countersStayExactAndTheLogDrainsAcrossTwentyKills() throws Exception {
        Random random = new Random(SEED);
        Path data = tmp.resolve("data");
        Path experiments = TrackingFixtures.writeExperiments(tmp.resolve("experiments"));
        EventMix mix = new EventMix(TrackingFixtures.catalog(experiments), 2_500, random, "k");
        List<List<ObjectNode>> exposureBatches = IngestLoad.batches(mix.exposures, 20, 60, random);
        List<List<ObjectNode>> outcomeBatches = IngestLoad.batches(mix.outcomes, 20, 60, random);
        List<List<ObjectNode>> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean killing = new AtomicBoolean(true);
        long t0 = System.nanoTime();
        server.set(JarServerProcess.start(experiments, data, tmp.resolve("server-0.log"), Map.of()));
        long lastStart;
        long killsDone;
        long drained;
        long quarantined;
        int serverKills = 0;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        ExecutorService driver = Executors.newSingleThreadExecutor();
        AtomicLong loadDone = new AtomicLong();
        try {
            Future<?> load = driver.submit(() -> {
                send(clients, exposureBatches, acknowledged); // every exposure is in before the outcomes that need it
                send(clients, outcomeBatches, acknowledged);
                loadDone.set(System.nanoTime());
                List<Future<?>> replayers = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    Random replayRandom = new Random(SEED + c);
                    replayers.add(clients.submit(() -> {
                        while (killing.get()) { // ingest goes on until the last kill: acknowledged batches again, all duplicates
                            replay(acknowledged.get(replayRandom.nextInt(acknowledged.size())));
                        }
                        return null;
                    }));
                }
                for (Future<?> replayer : replayers) {
                    replayer.get();
                }
                return null;
            });

            Random killer = new Random(SEED);
            Set<Integer> mongoKillsAt = new HashSet<>();
            while (mongoKillsAt.size() < MONGO_KILLS) {
                mongoKillsAt.add(2 + killer.nextInt(SERVER_KILLS + MONGO_KILLS - 4));
            }
            lastStart = System.nanoTime();
            for (int k = 0; k < SERVER_KILLS + MONGO_KILLS; k++) {
                Thread.sleep(200 + killer.nextInt(1_000));
                if (mongoKillsAt.contains(k)) {
                    killMongoChild(data.resolve("mongo"));
                    continue;
                }
                server.get().kill();
                serverKills++;
                server.set(JarServerProcess.start(experiments, data, tmp.resolve("server-" + serverKills + ".log"), Map.of()));
                lastStart = System.nanoTime();
            }
            killing.set(false);
            load.get();
            clients.shutdown();
            driver.shutdown();
            killsDone = System.nanoTime();
            int port = server.get().port();
            quarantined = awaitConsistent(port, Duration.ofMinutes(3));
            drained = System.nanoTime();
        } finally {
            killing.set(false);
            clients.shutdownNow();
            driver.shutdownNow();
            server.get().stop(); // also when the test fails: never leave a server (and its stores) running
        }
        assertTrue(Files.readString(server.get().log()).contains("momentum stopped"), "the last server stops cleanly");

        System.out.printf("crash loop: %d server SIGKILLs + %d embedded-MongoDB SIGKILLs in %.1f s; %d events in %d batches from %d"
                        + " clients, all %d batches acknowledged (%d needed a retry, %d requests unanswered); %d acknowledged batches"
                        + " replayed, all duplicates; %d quarantined; log drained and consistent %.1f s after the last restart"
                        + " (%.1f s after the last new event)%n",
                serverKills, MONGO_KILLS, (killsDone - t0) / 1e9, mix.uniqueEvents(), exposureBatches.size() + outcomeBatches.size(),
                CLIENTS, acknowledged.size(), retriedBatches.get(), unanswered.get(), replays.get(), quarantined,
                (drained - lastStart) / 1e9, (drained - Math.max(loadDone.get(), lastStart)) / 1e9);
        assertEquals(SERVER_KILLS, serverKills);
        assertEquals(List.of(), List.copyOf(replaysCounted), "acknowledged batches sent again must be all duplicates");
        assertEquals(0, quarantined, "nothing quarantined: the store is never killed mid-write with the server");

        MomentumServer reopened = MomentumServer.start(ServerConfig.embedded(experiments, data));
        try {
            mix.assertCountedExactly(reopened);
        } finally {
            reopened.stop();
        }
    }

    /** Every batch until it gets a 202, from {@value #CLIENTS} clients that keep retrying while the server is down. */
    private void send(ExecutorService clients, List<List<ObjectNode>> batches, List<List<ObjectNode>> acknowledged) throws Exception {
        ConcurrentLinkedQueue<List<ObjectNode>> queue = new ConcurrentLinkedQueue<>(batches);
        List<Future<?>> senders = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            senders.add(clients.submit(() -> {
                List<ObjectNode> batch;
                while ((batch = queue.poll()) != null) {
                    sendUntilAcknowledged(batch);
                    acknowledged.add(batch);
                }
                return null;
            }));
        }
        for (Future<?> sender : senders) {
            sender.get();
        }
    }

    private JsonNode sendUntilAcknowledged(List<ObjectNode> batch) throws Exception {
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().set("events", JSON.valueToTree(batch)));
        for (int attempt = 0; ; attempt++) {
            Optional<JsonNode> answer = post(body);
            if (answer.isPresent()) {
                if (attempt > 0) {
                    retriedBatches.incrementAndGet();
                }
                return answer.get();
            }
            unanswered.incrementAndGet();
            Thread.sleep(50);
        }
    }

    private void replay(List<ObjectNode> batch) throws Exception {
        JsonNode result = sendUntilAcknowledged(batch);
        replays.incrementAndGet();
        if (result.get("accepted").asInt() != 0 || result.get("duplicates").asInt() != batch.size()) {
            replaysCounted.add(result.toString());
        }
    }

    /** The 202 body, or empty for anything else (refused, reset, timed out, 503): the client retries. */
    private Optional<JsonNode> post(byte[] body) throws Exception {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.get().port() + "/v1/events"))
                    .header("content-type", "application/json").timeout(Duration.ofSeconds(15))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                JsonNode result = JSON.readTree(response.body());
                assertEquals(0, result.get("rejected").size(), response.body());
                return Optional.of(result);
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** SIGKILLs the embedded MongoDB alone; the server stays up and its supervisor starts a new one. */
    private void killMongoChild(Path mongoDir) throws Exception {
        long pid = Long.parseLong(Files.readString(mongoDir.resolve("mongo.pid")).trim());
        ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
        child.destroyForcibly();
        child.onExit().get();
        await("the server restarts its embedded MongoDB").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> {
                    long now = Long.parseLong(Files.readString(mongoDir.resolve("mongo.pid")).trim());
                    return now != pid && ProcessHandle.of(now).map(ProcessHandle::isAlive).orElse(false);
                });
        assertTrue(server.get().process().isAlive(), "the server keeps running while its MongoDB restarts");
    }

    /**
     * Waits until the writer's lag is 0 ({@code /ready}, cheap), then until every experiment is consistent (a recount
     * from MongoDB each, so not polled while the writer still works); returns the quarantined entries. On timeout the
     * failure shows the last reports and the warnings of every server run.
     */
    private long awaitConsistent(int port, Duration within) throws Exception {
        await("the MongoDB writer's lag reaches 0").atMost(within).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get(port, "/ready").path("details").path("event_log").path("lag").asLong(-1) == 0);
        AtomicLong quarantined = new AtomicLong();
        Map<String, String> lastReports = new TreeMap<>();
        try {
            await("MongoDB consistent with Redis for every experiment").atMost(within).pollInterval(Duration.ofSeconds(1)).until(() -> {
                boolean all = true;
                long q = 0;
                for (String experiment : EventMix.EXPERIMENTS) {
                    JsonNode report = get(port, "/v1/experiments/" + experiment + "/consistency");
                    lastReports.put(experiment, report.toString());
                    all &= report.path("consistent").asBoolean() && report.path("writer_lag").asLong(-1) == 0;
                    q += report.path("quarantined").asLong();
                }
                quarantined.set(q);
                return all;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nlast consistency reports: " + lastReports + "\nserver warnings:\n" + serverWarnings(), e);
        }
        return quarantined.get();
    }

    private String serverWarnings() throws IOException {
        StringBuilder warnings = new StringBuilder();
        try (Stream<Path> logs = Files.list(tmp)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("server-")).sorted().toList()) {
                Files.readAllLines(log).stream().filter(line -> line.contains("\"level\":\"WARN\"") || line.contains("\"level\":\"ERROR\""))
                        .limit(10).forEach(line -> warnings.append(log.getFileName()).append(": ").append(line).append('\n'));
            }
        }
        return warnings.toString();
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TrackingServer.ADMIN_TOKEN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
