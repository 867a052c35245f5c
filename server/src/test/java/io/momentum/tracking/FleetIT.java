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
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fleet as the README describes it: {@value #SERVERS} server processes (the real jar) sharing one Redis (or a
 * 3-master Redis Cluster) and one MongoDB-compatible server, traffic round robin (assign, events, results) like a
 * load balancer without stickiness, an experiment file reloaded on all, one server SIGKILLed mid-load (its clients
 * retry elsewhere with the same ids). Counters exact, one writer per bandit weight period, every survivor consistent
 * and answering identical results and assignments.
 */
class FleetIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SERVERS = 3;
    private static final int CLIENTS = 4;
    private static final String BANDIT = "fleet-bandit";
    private static final String SECRET = "fleet-exposure-secret-0123456789abcdef";
    private static final Pattern PERIOD_WRITTEN = Pattern.compile("bandit " + BANDIT + " period (\\d+) weights");

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<JarServerProcess> inRotation = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong retries = new AtomicLong();
    private final Map<String, String> assignments = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> disagreements = new ConcurrentLinkedQueue<>();
    private final AtomicLong assignCalls = new AtomicLong();
    private final AtomicLong resultsCalls = new AtomicLong();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis", "redis-cluster"})
    void threeServersShareTheStoresAndAgree(String redisKind) throws Exception {
        List<LocalRedisProcess> redisNodes = new ArrayList<>();
        EmbeddedMongo mongo = EmbeddedMongo.start(tmp.resolve("mongo"));
        List<JarServerProcess> servers = new ArrayList<>();
        try {
            String redisUrl = startRedis(redisKind, redisNodes);
            Path experiments = TrackingFixtures.writeExperiments(tmp.resolve("experiments"));
            Random random = new Random(21);
            EventMix mix = new EventMix(TrackingFixtures.catalog(experiments), 2_000, random, "f");
            Files.writeString(experiments.resolve(BANDIT + ".yaml"), "id: " + BANDIT + "\nname: " + BANDIT
                    + "\nstage: advocacy\nkind: reward\nstatus: running\nvariants:\n  - { key: control, weight: 50, payload: {} }\n"
                    + "  - { key: treatment, weight: 50, payload: {} }\ngoals:\n  primary: { event: fleet_referral }\n"
                    + "allocation: { mode: bandit, interval: 1m, floor: 0.05 }\n");
            Map<String, String> env = Map.of("REDIS_URL", redisUrl, "MONGO_URI", mongo.connectionString(), "MOMENTUM_EXPOSURE_SECRET", SECRET);
            List<Future<JarServerProcess>> starting = new ArrayList<>();
            ExecutorService starter = Executors.newFixedThreadPool(SERVERS);
            for (int i = 0; i < SERVERS; i++) {
                int n = i;
                starting.add(starter.submit(() -> JarServerProcess.start(experiments, tmp.resolve("data-" + n), tmp.resolve("server-" + n + ".log"), env)));
            }
            for (Future<JarServerProcess> s : starting) {
                servers.add(s.get());
            }
            starter.shutdown();
            inRotation.addAll(servers);

            List<List<ObjectNode>> exposureBatches = IngestLoad.batches(mix.exposures, 20, 60, random);
            List<List<ObjectNode>> outcomeBatches = IngestLoad.batches(mix.outcomes, 20, 60, random);
            AtomicInteger acknowledged = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            send(clients, exposureBatches, acknowledged, () -> { });
            reloadOnAll(experiments, servers);
            JarServerProcess victim = servers.get(SERVERS - 1);
            AtomicInteger killedAt = new AtomicInteger(-1);
            send(clients, outcomeBatches, acknowledged, () -> {
                if (acknowledged.get() >= exposureBatches.size() + outcomeBatches.size() / 3 && killedAt.compareAndSet(-1, acknowledged.get())) {
                    try {
                        victim.kill(); // mid-load; the balancer notices afterwards, the clients retry its batches elsewhere
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inRotation.remove(victim);
                }
            });
            clients.shutdown();
            assertTrue(killedAt.get() > 0, "a server was killed mid-load");
            List<JarServerProcess> survivors = List.copyOf(inRotation);

            long t0 = System.nanoTime();
            for (JarServerProcess s : survivors) {
                await("writer lag 0 on the server at " + s.port()).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions().until(() -> get(s, "/ready").path("details").path("event_log").path("lag").asLong(-1) == 0);
            }
            for (JarServerProcess s : survivors) {
                for (String experiment : EventMix.EXPERIMENTS) {
                    await(experiment + " consistent on the server at " + s.port()).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                            .ignoreExceptions().until(() -> get(s, "/v1/experiments/" + experiment + "/consistency").path("consistent").asBoolean());
                }
            }
            double drainSeconds = (System.nanoTime() - t0) / 1e9;
            for (String experiment : List.of(TrackingFixtures.HERO, TrackingFixtures.CTA, TrackingFixtures.NPS, TrackingFixtures.REFERRAL, BANDIT)) {
                String path = "/v1/experiments/" + experiment + "/results";
                // Each server loads new bandit periods on its own 10 s tick: the same answer within a tick or two.
                List<JsonNode> answers = new ArrayList<>();
                for (int attempt = 0; attempt < 30; attempt++) {
                    answers.clear();
                    for (JarServerProcess s : survivors) {
                        answers.add(withoutTimes(get(s, path)));
                    }
                    if (answers.stream().distinct().count() == 1) {
                        break;
                    }
                    Thread.sleep(1_000);
                }
                for (JsonNode answer : answers) {
                    assertEquals(answers.get(0).toPrettyString(), answer.toPrettyString(), experiment + " results differ between servers");
                }
            }
            Map<Integer, Integer> periodWriters = new TreeMap<>();
            for (JarServerProcess s : servers) {
                Matcher m = PERIOD_WRITTEN.matcher(Files.readString(s.log()));
                while (m.find()) {
                    periodWriters.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
                }
            }
            assertTrue(periodWriters.containsKey(0), "the bandit's first period was written");
            periodWriters.forEach((period, writers) -> assertEquals(1, writers, "writers of bandit period " + period));
            assertEquals(List.of(), List.copyOf(disagreements), "every server assigns a visitor the same variants");

            MomentumServer checker = MomentumServer.start(ServerConfig.embedded(experiments, tmp.resolve("data-checker")).toBuilder()
                    .redisUrl(redisUrl).mongoUri(mongo.connectionString()).build());
            try {
                mix.assertCountedExactly(checker);
            } finally {
                checker.stop();
            }
            System.out.printf("fleet (%s): %d servers, one SIGKILLed after %d of %d batches; %d events from %d clients round robin"
                            + " (%d requests retried on another server), %d assign and %d results calls; experiment file reloaded on all;"
                            + " bandit periods written %s (one writer each); log drained and consistent on the %d survivors %.1f s after"
                            + " the load; results identical%n", redisKind, SERVERS, killedAt.get(), exposureBatches.size() + outcomeBatches.size(),
                    mix.uniqueEvents(), CLIENTS, retries.get(), assignCalls.get(), resultsCalls.get(), periodWriters, survivors.size(),
                    drainSeconds);
        } finally {
            for (JarServerProcess s : servers) {
                s.stop();
            }
            mongo.close();
            for (LocalRedisProcess node : redisNodes) {
                node.close();
            }
        }
    }

    /**
     * The results without what each server has on its own: the moments they were computed at, and the minted-visitor
     * warning (each server counts the new visitors per client address it saw itself, in memory).
     */
    private static JsonNode withoutTimes(JsonNode node) {
        if (node.isObject() && node.path("code").asText().equals("minted_visitors")) {
            return JSON.nullNode();
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(field -> {
                if (!isInstant(field.getValue())) {
                    copy.set(field.getKey(), withoutTimes(field.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(withoutTimes(element)));
            return copy;
        }
        return node;
    }

    private static boolean isInstant(JsonNode value) {
        try {
            java.time.Instant.parse(value.asText());
            return value.isTextual();
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private String startRedis(String kind, List<LocalRedisProcess> nodes) throws Exception {
        if (kind.equals("redis")) {
            nodes.add(new LocalRedisProcess(Files.createDirectories(tmp.resolve("redis"))).start());
            return "redis://127.0.0.1:" + nodes.get(0).port();
        }
        for (int i = 0; i < 3; i++) {
            Path dir = Files.createDirectories(tmp.resolve("redis-node" + i));
            nodes.add(new LocalRedisProcess(dir, "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                    "--cluster-node-timeout", "5000").start());
        }
        RedisClusterIT.createCluster(nodes);
        return "redis-cluster://" + String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList());
    }

    /** A changed file reaches every server: each polls the directory; the admin reload makes it immediate. */
    private void reloadOnAll(Path experiments, List<JarServerProcess> servers) throws Exception {
        Path file = experiments.resolve(TrackingFixtures.PAUSED + ".yaml");
        Files.writeString(file, Files.readString(file).replace("name: " + TrackingFixtures.PAUSED, "name: reloaded on the fleet"));
        for (JarServerProcess s : servers) {
            HttpResponse<String> reload = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/v1/admin/reload"))
                    .header("Authorization", "Bearer " + TrackingServer.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, reload.statusCode(), reload.body());
            assertEquals("reloaded on the fleet", get(s, "/v1/experiments/" + TrackingFixtures.PAUSED).path("name").asText());
        }
    }

    /**
     * Sends every batch until a 202, each request to the next server in rotation; after each batch a client also
     * asks the next server for an assignment and for a result. {@code afterBatch} runs after every acknowledged batch.
     */
    private void send(ExecutorService clients, List<List<ObjectNode>> batches, AtomicInteger acknowledged, Runnable afterBatch) throws Exception {
        ConcurrentLinkedQueue<List<ObjectNode>> queue = new ConcurrentLinkedQueue<>(batches);
        List<Future<?>> senders = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            senders.add(clients.submit(() -> {
                List<ObjectNode> batch;
                while ((batch = queue.poll()) != null) {
                    sendUntilAcknowledged(batch);
                    acknowledged.incrementAndGet();
                    afterBatch.run();
                    String visitor = batch.get(0).get("visitor").asText();
                    assign(visitor);
                    results();
                }
                return null;
            }));
        }
        for (Future<?> sender : senders) {
            sender.get();
        }
    }

    private JarServerProcess nextServer() {
        List<JarServerProcess> servers = List.copyOf(inRotation);
        return servers.get(Math.floorMod(next.getAndIncrement(), servers.size()));
    }

    private void sendUntilAcknowledged(List<ObjectNode> batch) throws Exception {
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().set("events", JSON.valueToTree(batch)));
        while (true) {
            Optional<HttpResponse<String>> response = send(HttpRequest.newBuilder(uri(nextServer(), "/v1/events"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            if (response.isPresent() && response.get().statusCode() == 202) {
                assertEquals(0, JSON.readTree(response.get().body()).get("rejected").size(), response.get().body());
                return;
            }
            if (response.isPresent() && response.get().statusCode() / 100 == 4 && response.get().statusCode() != 429) {
                throw new AssertionError("a batch refused: " + response.get().statusCode() + " " + response.get().body());
            }
            retries.incrementAndGet();
            Thread.sleep(20);
        }
    }

    /** The visitor's assignments (not tracked, so the counts stay the event mix's) must be the same from every server. */
    private void assign(String visitor) throws Exception {
        Optional<HttpResponse<String>> response = request(HttpRequest.newBuilder(uri(nextServer(), "/v1/assign?track=false&visitor=" + visitor)));
        if (response.isEmpty() || response.get().statusCode() != 200) {
            return; // the killed server; the balancer would retry
        }
        assignCalls.incrementAndGet();
        JsonNode answer = JSON.readTree(response.get().body()).get("assignments");
        StringBuilder variants = new StringBuilder();
        for (JsonNode a : answer) {
            if (!a.get("experiment").asText().equals(BANDIT)) { // a bandit's weights move between periods
                variants.append(a.get("experiment").asText()).append('=').append(a.get("variant").asText()).append(' ');
            }
        }
        String seen = assignments.putIfAbsent(visitor, variants.toString());
        if (seen != null && !seen.contentEquals(variants)) {
            disagreements.add(visitor + ": " + seen + " vs " + variants);
        }
    }

    private void results() throws Exception {
        Optional<HttpResponse<String>> response = request(HttpRequest.newBuilder(uri(nextServer(), "/v1/experiments/" + TrackingFixtures.HERO + "/results")));
        if (response.isPresent() && response.get().statusCode() == 200) {
            resultsCalls.incrementAndGet();
        }
    }

    /** A read request, with the admin token (it is accepted wherever the viewer token is). */
    private Optional<HttpResponse<String>> request(HttpRequest.Builder request) throws InterruptedException {
        return send(request.header("Authorization", "Bearer " + TrackingServer.ADMIN_TOKEN));
    }

    /** Empty when the server did not answer (killed, refused, reset, timed out). No token: /v1/events takes only the ingest key. */
    private Optional<HttpResponse<String>> send(HttpRequest.Builder request) throws InterruptedException {
        try {
            return Optional.of(http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static URI uri(JarServerProcess server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private JsonNode get(JarServerProcess server, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(server, path)).header("Authorization", "Bearer " + TrackingServer.ADMIN_TOKEN)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }
}
