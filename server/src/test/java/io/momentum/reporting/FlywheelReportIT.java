package io.momentum.reporting;

import static io.momentum.reporting.FlywheelSimulation.WINDOW;
import static io.momentum.reporting.FlywheelSimulation.in;
import static io.momentum.reporting.FlywheelSimulation.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.TestHttp;
import io.momentum.reporting.FlywheelSimulation.Truth;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flywheel and funnel reports and the reward results on a real server and stores. The simulated weeks of history
 * are written into the MongoDB event log directly (the ingest API moves timestamps older than 24 h to now); the
 * referral chain goes through {@code /v1/events}.
 */
class FlywheelReportIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOLERANCE = 1e-9;
    private static final FlywheelSimulation SIMULATION = new FlywheelSimulation(1818, 2000);
    private static final List<Instant> WEEKS = FlywheelSimulation.weeks();
    private static final String FLYWHEEL_YAML = """
            window: 30d
            stages:
              - { stage: activation, entered: visit, converted: trial_signup }
              - { stage: adoption, entered: trial_signup, converted: upgrade, reached_value: { event: feature_used, window: 14d } }
              - stage: adoration
                entered: upgrade
                converted: survey
                retention: { active: [feature_used, login], within: 30d }
                revenue: upgrade
                nps: { experiments: [] }
              - { stage: advocacy, entered: survey, converted: referral, referral: { event: referral, success: trial_signup } }
            funnels:
              - { name: buy, steps: [landing, pricing_view, cart, purchase], window: 7d }
            """;
    private static final String REWARD_YAML = """
            id: reward
            name: Referral reward
            stage: advocacy
            kind: reward
            status: running
            variants:
              - { key: discount, weight: 50 }
              - { key: credit, weight: 50 }
            goals:
              primary: { event: referral }
            """;

    @TempDir
    static Path tmp;
    static SeededServer server;
    static TestHttp http;

    @BeforeAll
    static void seed() throws Exception {
        server = SeededServer.start(tmp, Map.of("flywheel.yaml", FLYWHEEL_YAML, "reward.yaml", REWARD_YAML));
        http = new TestHttp(server.port());
        server.eventLog(SIMULATION.events).eventLog(funnelEvents());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void frictionRetentionArpuNpsAndKFactorEqualTheSimulatedTruthPerWeek() throws Exception {
        HttpResponse<String> response = http.get("/v1/flywheel?period=week&from=2026-06-01&to=2026-07-27");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode stages = JSON.readTree(response.body()).get("stages");
        assertEquals(FlywheelSimulation.WEEKS, stages.get(0).get("series").size());
        long customersSoFar = 0;
        for (int w = 0; w < FlywheelSimulation.WEEKS; w++) {
            Instant from = WEEKS.get(w);
            Instant to = WEEKS.get(w + 1);
            JsonNode activation = stages.get(0).get("series").get(w);
            assertEquals(from.toString(), Instant.parse(activation.get("period_start").asText()).toString(), "cohort week " + w);
            assertEquals(count(t -> in(t.visit(), from, to)), activation.get("entered").asLong());
            assertEquals(count(t -> in(t.visit(), from, to) && within(t.visit(), t.signup(), WINDOW)), activation.get("converted").asLong());
            Predicate<Truth> activated = t -> within(t.visit(), t.signup(), WINDOW) && in(t.signup(), from, to);
            close(rate(count(activated.and(t -> within(t.signup(), t.upgrade(), WINDOW))), count(activated)), activation.get("to_next_stage_rate"));
            Predicate<Truth> adopted = t -> within(t.signup(), t.upgrade(), WINDOW) && in(t.upgrade(), from, to);
            close(rate(count(adopted.and(t -> within(t.upgrade(), t.survey(), WINDOW))), count(adopted)),
                    stages.get(1).get("series").get(w).get("to_next_stage_rate"));

            JsonNode adoration = kpis(stages.get(2).get("series").get(w));
            Predicate<Truth> customer = t -> in(t.upgrade(), from, to);
            long customers = count(customer);
            customersSoFar += customers;
            close(rate(count(customer.and(t -> activeAgain(t, t.featureUsed()) || activeAgain(t, t.login()))), customers), adoration.get("retention_rate"));
            close(customersSoFar == 0 ? null : customers * 49.0 / customersSoFar, adoration.get("arpu"));
            Predicate<Truth> answered = t -> in(t.survey(), from, to);
            long answers = count(answered);
            close(answers == 0 ? null : 100.0 * (count(answered.and(t -> t.score() >= 9)) - count(answered.and(t -> t.score() <= 6))) / answers,
                    adoration.get("nps"));

            JsonNode advocacy = kpis(stages.get(3).get("series").get(w));
            Predicate<Truth> referred = t -> t.referrer() != null && in(t.visit(), from, to);
            long activatedReferred = count(referred.and(t -> within(t.visit(), t.signup(), WINDOW)));
            assertEquals(count(referred), advocacy.get("referred").asLong());
            assertEquals(activatedReferred, advocacy.get("referred_activated").asLong());
            close(rate(activatedReferred, count(t -> in(t.referral(), from, to))), advocacy.get("k_factor"));
        }
    }

    /** Not an SLO (speed is measured by FlywheelRollupBenchmark): what one report costs on the embedded store here. */
    @Test
    void measuresTheReportOnTheEmbeddedStore() throws Exception {
        long[] millis = new long[5];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            assertEquals(200, http.get("/v1/flywheel?period=week&from=2026-06-01&to=2026-07-27").statusCode());
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        java.util.Arrays.sort(millis);
        System.out.printf("GET /v1/flywheel over %d events of %d visitors (embedded MongoDB): median %d ms, max %d ms%n",
                SIMULATION.events.size() + funnelEvents().size(), SIMULATION.visitors.size(), millis[2], millis[4]);
    }

    @Test
    void byADimensionTheSegmentsAddUpToAllVisitorsAndAnUnknownOneIsA400() throws Exception {
        HttpResponse<String> response = http.get("/v1/flywheel?period=week&from=2026-06-01&to=2026-07-27&dimension=channel");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("channel", body.get("dimension").asText());
        for (int k = 0; k < 4; k++) {
            for (int w = 0; w < FlywheelSimulation.WEEKS; w++) {
                long sum = 0;
                for (JsonNode segment : body.get("segments")) {
                    sum += segment.get("stages").get(k).get("series").get(w).get("entered").asLong();
                }
                assertEquals(body.get("stages").get(k).get("series").get(w).get("entered").asLong(), sum, "stage " + k + " week " + w);
            }
        }
        assertEquals("(none)", body.get("segments").get(0).get("value").asText(), "the seeded visitors were never exposed");
        HttpResponse<String> unknown = http.get("/v1/flywheel?dimension=shoe_size");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("channel"), unknown.body());
        HttpResponse<String> funnel = http.get("/v1/funnels/buy?period=week&from=2026-06-01&to=2026-06-15&dimension=device");
        assertEquals(200, funnel.statusCode(), funnel.body());
        assertEquals(101, JSON.readTree(funnel.body()).get("segments").get(0).get("totals").get(0).get("visitors").asLong());
        HttpResponse<String> page = http.get("/flywheel?dimension=channel");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("data-dimension-picker") && page.body().contains("data-segments"), page.body());
    }

    @Test
    void aFourStepFunnelCountsStepsInOrderOnly() throws Exception {
        HttpResponse<String> response = http.get("/v1/funnels/buy?period=week&from=2026-06-01&to=2026-06-15");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode totals = JSON.readTree(response.body()).get("totals");
        List<Long> visitors = new ArrayList<>();
        totals.forEach(step -> visitors.add(step.get("visitors").asLong()));
        assertEquals(List.of(101L, 61L, 30L, 10L), visitors, "the out-of-order visitor reaches pricing_view only");
        assertEquals(31, totals.get(2).get("drop_off").asLong());
        assertEquals(404, http.get("/v1/funnels/nope").statusCode());
        assertEquals(400, http.get("/v1/funnels/buy?period=day").statusCode());
    }

    @Test
    void theDashboardDrawsTheWheelAndTheFunnelBars() throws Exception {
        HttpResponse<String> wheel = http.get("/flywheel");
        assertEquals(200, wheel.statusCode(), wheel.body());
        assertTrue(wheel.body().contains("class=\"chart wheelsvg\"") && wheel.body().contains("class=\"spark\"")
                && wheel.body().contains("href=\"/funnels/buy\""), wheel.body());
        HttpResponse<String> funnel = http.get("/funnels/buy?period=month");
        assertEquals(200, funnel.statusCode(), funnel.body());
        assertTrue(funnel.body().contains("aria-label=\"funnel steps\""), funnel.body());
    }

    @Test
    void anAdvocatesReferredVisitorsShowInTheirVariantsResults() throws Exception {
        JsonNode assigned = JSON.readTree(http.get("/v1/assign?visitor=advocate-a&experiments=reward&track=false").body());
        String variant = assigned.get("assignments").get(0).get("variant").asText();
        StringBuilder batch = new StringBuilder("{\"events\":[{\"type\":\"exposure\",\"visitor\":\"advocate-a\",\"experiment\":\"reward\"},"
                + "{\"type\":\"referral\",\"visitor\":\"advocate-a\",\"experiment\":\"reward\"}");
        for (int i = 0; i < 3; i++) {
            batch.append(",{\"type\":\"conversion\",\"visitor\":\"friend-").append(i).append("\",\"goal\":\"visit\",\"ref\":\"advocate-a\"}");
            if (i < 2) {
                batch.append(",{\"type\":\"conversion\",\"visitor\":\"friend-").append(i).append("\",\"goal\":\"trial_signup\",\"ref\":\"advocate-a\"}");
            }
        }
        HttpResponse<String> accepted = http.post("/v1/events", "application/json", batch.append("]}").toString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals(0, JSON.readTree(accepted.body()).get("rejected").size(), accepted.body());
        JsonNode referrals = await("the referred visitors reach the reward results").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).until(() -> JSON.readTree(http.get("/v1/experiments/reward/results").body()).get("referrals"),
                        r -> r != null && r.get("top_advocates").size() == 1);
        JsonNode advocate = referrals.get("top_advocates").get(0);
        assertEquals("advocate-a", advocate.get("advocate").asText());
        assertEquals(3, advocate.get("referred").asLong());
        assertEquals(2, advocate.get("referred_activated").asLong());
        for (JsonNode v : referrals.get("variants")) {
            boolean mine = v.get("variant").asText().equals(variant);
            assertEquals(mine ? 3 : 0, v.get("referred").asLong(), v.toString());
            assertEquals(mine ? 2 : 0, v.get("referred_activated").asLong(), v.toString());
        }
    }

    /** 100 land, 60 view pricing, 30 add to cart, 10 buy; one more adds to cart before viewing pricing (reaches pricing_view only). */
    private static List<FlywheelEvent> funnelEvents() {
        Instant monday = FlywheelSimulation.START;
        List<FlywheelEvent> events = new ArrayList<>();
        String[] steps = {"landing", "pricing_view", "cart", "purchase"};
        int[] reach = {100, 60, 30, 10};
        for (int i = 0; i < 100; i++) {
            for (int s = 0; s < steps.length && i < reach[s]; s++) {
                events.add(FlywheelEvent.of("f" + i, steps[s], monday.plus(Duration.ofHours(i + s))));
            }
        }
        events.add(FlywheelEvent.of("backwards", "landing", monday));
        events.add(FlywheelEvent.of("backwards", "cart", monday.plus(Duration.ofHours(1))));
        events.add(FlywheelEvent.of("backwards", "pricing_view", monday.plus(Duration.ofHours(2))));
        return events;
    }

    private static JsonNode kpis(JsonNode point) {
        com.fasterxml.jackson.databind.node.ObjectNode byName = JSON.createObjectNode();
        point.get("kpis").forEach(k -> byName.set(k.get("name").asText(), k.get("value")));
        return byName;
    }

    private static boolean activeAgain(Truth t, Instant active) {
        return active != null && active.isAfter(t.upgrade()) && !active.isAfter(t.upgrade().plus(FlywheelSimulation.RETENTION));
    }

    private static void close(Double expected, JsonNode actual) {
        if (expected == null) {
            assertTrue(actual == null || actual.isNull(), "expected null, was " + actual);
        } else {
            assertEquals(expected, actual.asDouble(), TOLERANCE);
        }
    }

    private static long count(Predicate<Truth> predicate) {
        return SIMULATION.visitors.stream().filter(predicate).count();
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
