package io.momentum.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.ExperimentReader;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.MutableClock;
import io.momentum.reporting.DecisionStatus;
import io.momentum.reporting.ExperimentResults;
import io.momentum.reporting.ReportingFixtures;
import io.momentum.reporting.SeededServer;
import io.momentum.storage.EmbeddedMongo;
import io.momentum.tracking.EventLog;
import io.momentum.tracking.MongoAlertStore;
import io.momentum.tracking.MongoExposureActivity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts against a local HTTP receiver and a real (embedded) MongoDB shared by two alert services, as two servers
 * share one: a winner, an SRM and a silent experiment each give exactly one delivered, correctly signed webhook,
 * also with both servers evaluating at once and after a restart of everything; a failing receiver gets retries
 * with backoff until it accepts, a receiver that never accepts is given up on, and a delivery claimed by a server
 * that died is sent once by another after the claim's lease; the real server lists it all at GET /v1/alerts.
 */
class AlertsIT {
    private static final String SECRET = "test-signing-key-1";
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path tmp;

    private Vertx receiverVertx;
    private int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** The receiver answers 500 to this many requests before it accepts. */
    private final AtomicInteger failures = new AtomicInteger();
    private final List<AutoCloseable> open = new ArrayList<>();

    private record Received(String path, Map<String, String> headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    @BeforeEach
    void startReceiver() throws Exception {
        receiverVertx = Vertx.vertx();
        HttpServer server = receiverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
            received.add(new Received(request.path(), headers, body.toString(StandardCharsets.UTF_8)));
            request.response().setStatusCode(failures.getAndDecrement() > 0 ? 500 : 204).end();
        }));
        port = await(server.listen(0, "127.0.0.1")).actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        await(receiverVertx.close());
    }

    @Test
    void aWinnerAnSrmAndASilentExperimentEachDeliverOneSignedWebhookWithTwoServersAndAfterARestart() throws Exception {
        Path experiments = writeAlerts("""
                  - { name: decisions, when: decision_reached, to: [hook, chat] }
                  - { name: srm, when: srm_detected, to: [hook] }
                  - { name: silent, when: no_exposures, for: 6h, to: [hook] }
                """);
        Path data = tmp.resolve("data");
        EmbeddedMongo mongo = EmbeddedMongo.start(data);
        seedExposures(mongo, Map.of("hero", T0.minus(Duration.ofMinutes(10)), "skewed", T0.minus(Duration.ofMinutes(5)),
                "quiet", T0.minus(Duration.ofHours(7))));
        MutableClock clock = new MutableClock(T0);
        Node first = node(mongo, experiments, clock, RetryPolicy.standard(() -> 0.5));
        Node second = node(mongo, experiments, clock, RetryPolicy.standard(() -> 0.5));
        for (int round = 0; round < 3; round++) {
            tickTogether(first, second);
            clock.advance(Duration.ofSeconds(30));
        }
        List<Received> hooks = at("/hook");
        assertEquals(Set.of("decisions|hero|winner", "srm|skewed|srm_detected", "silent|quiet|silent"),
                hooks.stream().map(r -> r.json().getString("rule") + "|" + r.json().getString("experiment") + "|" + r.json().getString("state"))
                        .collect(Collectors.toSet()), "one webhook per alert, though two servers evaluated three times: " + hooks);
        assertEquals(3, hooks.size(), hooks.toString());
        hooks.forEach(AlertsIT::assertSignedAndConsistent);
        JsonObject winner = hooks.stream().map(Received::json).filter(j -> j.getString("rule").equals("decisions")).findFirst().orElseThrow();
        assertEquals("decision_reached", winner.getString("condition"));
        assertEquals("benefit", winner.getJsonObject("details").getString("winner"));
        assertEquals(T0.toString(), winner.getString("fired_at"));
        assertTrue(winner.getString("summary").startsWith("hero (Hero): winner benefit"), winner.getString("summary"));
        JsonObject silent = hooks.stream().map(Received::json).filter(j -> j.getString("rule").equals("silent")).findFirst().orElseThrow();
        assertEquals(T0.minus(Duration.ofHours(7)).toString(), silent.getJsonObject("details").getString("last_exposure"));

        List<Received> slack = at("/slack");
        assertEquals(1, slack.size(), slack.toString());
        assertEquals(Set.of("text"), slack.get(0).json().fieldNames());
        assertTrue(slack.get(0).json().getString("text").startsWith("*Momentum alert* (decisions): hero (Hero): winner benefit"), slack.get(0).body());
        assertTrue(!slack.get(0).headers().containsKey("x-momentum-signature"), "Slack messages are not signed");

        // Restart: both servers and the store stop; everything comes back on the same data.
        closeAll();
        mongo.close();
        EmbeddedMongo restarted = EmbeddedMongo.start(data);
        open.add(restarted);
        Node after = node(restarted, experiments, clock, RetryPolicy.standard(() -> 0.5));
        for (int round = 0; round < 2; round++) {
            clock.advance(Duration.ofMinutes(1));
            tickTogether(after);
        }
        assertEquals(4, received.size(), "a restart sends nothing again: " + received);
        List<AlertStore.Listed> listed = after.service().recent(10);
        assertEquals(3, listed.size());
        listed.forEach(l -> l.deliveries().forEach(d -> {
            assertEquals(Delivery.Status.DELIVERED, d.status(), d.toString());
            assertEquals(1, d.attempts(), d.toString());
        }));
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffUntilItAccepts() throws Exception {
        Path experiments = writeAlerts("  - { name: srm, when: srm_detected, experiments: [skewed], to: [hook] }\n");
        EmbeddedMongo mongo = EmbeddedMongo.start(tmp.resolve("data"));
        open.add(mongo);
        failures.set(2);
        MutableClock clock = new MutableClock(T0);
        // random 0: each wait is half the nominal one (30 s, then 60 s)
        Node node = node(mongo, experiments, clock, new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(10), 5, () -> 0.0));
        tickTogether(node);
        assertEquals(1, received.size());
        Delivery failed = only(node);
        assertEquals(Delivery.Status.PENDING, failed.status());
        assertEquals(Optional.of(500), failed.lastStatus());
        assertEquals(Optional.of(T0.plusSeconds(30)), failed.nextAt());

        clock.advance(Duration.ofSeconds(29));
        tickTogether(node);
        assertEquals(1, received.size(), "not due yet");
        clock.advance(Duration.ofSeconds(1));
        tickTogether(node);
        assertEquals(2, received.size());
        assertEquals(Optional.of(T0.plusSeconds(30 + 60)), only(node).nextAt(), "the wait doubles");
        clock.advance(Duration.ofSeconds(60));
        tickTogether(node);
        assertEquals(3, received.size());
        Delivery delivered = only(node);
        assertEquals(Delivery.Status.DELIVERED, delivered.status());
        assertEquals(3, delivered.attempts());
        assertEquals(Optional.of(T0.plusSeconds(90)), delivered.deliveredAt());

        clock.advance(Duration.ofHours(2));
        tickTogether(node);
        assertEquals(3, received.size(), "a delivered alert is not sent again");
        assertEquals(1, received.stream().map(r -> r.headers().get("x-momentum-delivery")).distinct().count(), "retries keep the delivery id");
        received.forEach(AlertsIT::assertSignedAndConsistent);
    }

    @Test
    void aReceiverThatNeverAcceptsIsGivenUpOnAfterTheLastAttempt() throws Exception {
        Path experiments = writeAlerts("  - { name: srm, when: srm_detected, experiments: [skewed], to: [hook] }\n");
        EmbeddedMongo mongo = EmbeddedMongo.start(tmp.resolve("data"));
        open.add(mongo);
        failures.set(Integer.MAX_VALUE);
        MutableClock clock = new MutableClock(T0);
        Node node = node(mongo, experiments, clock, new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), 2, () -> 0.0));
        for (int round = 0; round < 4; round++) {
            tickTogether(node);
            clock.advance(Duration.ofMinutes(5));
        }
        assertEquals(2, received.size());
        Delivery gaveUp = only(node);
        assertEquals(Delivery.Status.FAILED, gaveUp.status());
        assertEquals(Optional.empty(), gaveUp.nextAt());
        assertEquals(Optional.of("the receiver answered HTTP 500"), gaveUp.lastError());
    }

    @Test
    void aDeliveryClaimedByAServerThatDiedIsSentOnceByAnotherAfterTheLease() throws Exception {
        Path experiments = writeAlerts("  - { name: srm, when: srm_detected, experiments: [skewed], to: [hook] }\n");
        EmbeddedMongo mongo = EmbeddedMongo.start(tmp.resolve("data"));
        open.add(mongo);
        MutableClock clock = new MutableClock(T0);
        Node survivor = node(mongo, experiments, clock, RetryPolicy.standard(() -> 0.5));
        // The first server records the alert, claims its delivery and dies before sending it.
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoAlertStore dying = new MongoAlertStore(client.getDatabase("momentum"));
            AlertEvaluator evaluator = new AlertEvaluator(dying, id -> Optional.of(T0), () -> 0, clock);
            evaluator.evaluate(read(experiments), snapshot(T0), Map.of("skewed", await(results("skewed"))));
            assertTrue(dying.claimDue(T0, AlertService.LEASE).isPresent());
        }
        tickTogether(survivor);
        assertEquals(0, received.size(), "claimed by the dead server: not sent while its lease runs");
        clock.advance(AlertService.LEASE);
        tickTogether(survivor);
        clock.advance(Duration.ofMinutes(5));
        tickTogether(survivor);
        assertEquals(1, received.size(), received.toString());
        assertSignedAndConsistent(received.get(0));
        assertEquals(2, only(survivor).attempts(), "the dead server's attempt counts");
    }

    private static io.momentum.experiment.AlertsDefinition read(Path experiments) {
        return io.momentum.experiment.AlertsReader.read(experiments.resolve("alerts.yaml"), "alerts.yaml").alerts().orElseThrow();
    }

    @Test
    void theServerSendsTheAlertOnceAndListsItWithItsDeliveryStatus() throws Exception {
        Map<String, String> files = Map.of(
                "hero.yaml", SeededServer.landingPage("hero", "Hero", "running", ""),
                "hook.secret", SECRET + "\n",
                "alerts.yaml", """
                        check_every: 1s
                        destinations:
                          - { name: hook, format: webhook, url: "http://127.0.0.1:%d/hook", secret_file: hook.secret }
                        rules:
                          - { name: srm, when: srm_detected, to: [hook] }
                        """.formatted(port));
        try (SeededServer server = SeededServer.start(tmp, files)) {
            server.variant("hero", "control", 10_000, Map.of()).variant("hero", "benefit", 8_000, Map.of());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
            io.momentum.TestHttp http = new io.momentum.TestHttp(server.port());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    new JsonObject(http.get("/v1/alerts").body()).getJsonArray("alerts").getJsonObject(0)
                            .getJsonArray("deliveries").getJsonObject(0).getString("status").equals("delivered"));
            // three more evaluations send nothing more
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            assertSignedAndConsistent(received.get(0));
            JsonObject listed = new JsonObject(http.get("/v1/alerts").body());
            assertEquals("srm_detected", listed.getJsonArray("rules").getJsonObject(0).getString("when"));
            assertEquals(List.of(), listed.getJsonArray("problems").getList());
            JsonObject alert = listed.getJsonArray("alerts").getJsonObject(0);
            assertTrue(alert.getString("id").startsWith("srm|hero|"), "rule|experiment|episode: " + alert.getString("id"));
            assertEquals("hero", alert.getString("experiment"));
            assertEquals("srm_detected", alert.getString("state"));
            JsonObject delivery = alert.getJsonArray("deliveries").getJsonObject(0);
            assertEquals("hook", delivery.getString("destination"));
            assertEquals(1, delivery.getInteger("attempts"));
            assertEquals(204, delivery.getInteger("last_status"));

            Files.writeString(tmp.resolve("experiments").resolve("alerts.yaml"), "rules: [ { name: srm, when: srm } ]\n");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    !new JsonObject(http.get("/v1/alerts").body()).getJsonArray("problems").isEmpty());
            JsonObject broken = new JsonObject(http.get("/v1/alerts").body());
            assertTrue(broken.getJsonArray("problems").getString(0).startsWith("alerts.yaml:1:1: missing field \"destinations\""), broken.encode());
            assertEquals(1, broken.getJsonArray("rules").size(), "the last good alerts.yaml stays in force");
            assertEquals(400, http.get("/v1/alerts?limit=0").statusCode());
        }
    }

    // --- fixtures ---

    /** One server's alert service: its own Vert.x and MongoDB connection, the shared store. */
    private record Node(Vertx vertx, MongoClient client, AlertService service) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            service.close();
            client.close();
            await(vertx.close());
        }
    }

    private Node node(EmbeddedMongo mongo, Path experiments, MutableClock clock, RetryPolicy retry) {
        Vertx vertx = Vertx.vertx();
        MongoClient client = MongoClients.create(mongo.connectionString());
        var database = client.getDatabase("momentum");
        MongoAlertStore store = new MongoAlertStore(database);
        store.createIndexes();
        AlertService service = AlertService.builder().vertx(vertx).directory(experiments).catalog(() -> snapshot(clock.instant()))
                .results(AlertsIT::results).exposures(new MongoExposureActivity(new EventLog(database))).backlog(() -> 0)
                .store(store).clock(clock).retry(retry).env(name -> name.equals("ALERT_SECRET") ? Optional.of(SECRET) : Optional.empty())
                .build();
        Node node = new Node(vertx, client, service);
        open.add(node);
        return node;
    }

    private void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.remove(i).close();
        }
    }

    /** Ticks every node at once and waits for all of them. */
    private static void tickTogether(Node... nodes) throws Exception {
        List<Future<Void>> ticks = new ArrayList<>();
        for (Node node : nodes) {
            ticks.add(node.service().tick());
        }
        await(Future.all(ticks));
    }

    private Path writeAlerts(String rules) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("experiments"));
        Files.writeString(dir.resolve("slack-url.txt"), "http://127.0.0.1:" + port + "/slack\n");
        Files.writeString(dir.resolve("alerts.yaml"), """
                check_every: 1h
                destinations:
                  - { name: hook, format: webhook, url: "http://127.0.0.1:%d/hook", secret_env: ALERT_SECRET }
                  - { name: chat, format: slack, url_file: slack-url.txt }
                rules:
                """.formatted(port) + rules);
        return dir;
    }

    private static final Map<String, Experiment> EXPERIMENTS = experiments("hero", "skewed", "quiet");

    private static Map<String, Experiment> experiments(String... ids) {
        Map<String, Experiment> byId = new LinkedHashMap<>();
        for (String id : ids) {
            String name = id.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + id.substring(1);
            byId.put(id, ExperimentReader.read(SeededServer.landingPage(id, name, "running", ""), id + ".yaml").experiment().orElseThrow());
        }
        return byId;
    }

    private static CatalogSnapshot snapshot(Instant now) {
        return new CatalogSnapshot(EXPERIMENTS, FlywheelDefinition.DEFAULT, List.of(), 1, now);
    }

    /** hero: a declared winner; skewed: 10,000 vs 8,000 exposures on a 50/50 split (SRM); quiet: balanced, nothing decided. */
    private static Future<ExperimentResults> results(String id) {
        ExperimentResults results = switch (id) {
            case "hero" -> ReportingFixtures.landingPageResults(id, 10_000, 1_000, 10_000, 1_200).withDecision(
                    new ExperimentResults.Decision(DecisionStatus.WINNER, "benefit", List.of("benefit beats control on trial_signup")));
            case "skewed" -> ReportingFixtures.landingPageResults(id, 10_000, 1_000, 8_000, 800);
            default -> ReportingFixtures.landingPageResults(id, 1_000, 100, 1_000, 100);
        };
        return Future.succeededFuture(results);
    }

    private static void seedExposures(EmbeddedMongo mongo, Map<String, Instant> lastExposure) {
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            lastExposure.forEach((experiment, at) -> client.getDatabase("momentum").getCollection(EventLog.EVENTS).insertOne(
                    new Document("_id", "e-" + experiment).append("type", "exposure").append("experiment", experiment)
                            .append("visitor", "v-1").append("variant", "control").append("at", Date.from(at)).append("received", Date.from(at))));
        }
    }

    private List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private static Delivery only(Node node) {
        List<AlertStore.Listed> listed = node.service().recent(10);
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(1, listed.get(0).deliveries().size());
        return listed.get(0).deliveries().get(0);
    }

    /** The signature recomputed here with the JDK's HMAC (not the server's code), and the payload's ids match the headers. */
    private static void assertSignedAndConsistent(Received r) {
        String timestamp = r.headers().get("x-momentum-timestamp");
        assertEquals("sha256=" + hmacSha256Hex(SECRET, timestamp + "." + r.body()), r.headers().get("x-momentum-signature"), r.toString());
        assertEquals(r.json().getString("delivery"), r.headers().get("x-momentum-delivery"));
        assertTrue(r.json().getString("delivery").startsWith(r.json().getString("id") + "|"), r.body());
        assertTrue(r.headers().get("content-type").startsWith("application/json"));
    }

    private static String hmacSha256Hex(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
