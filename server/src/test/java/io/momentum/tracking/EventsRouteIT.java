package io.momentum.tracking;

import static org.awaitility.Awaitility.await;
import static io.momentum.tracking.TrackingFixtures.CTA;
import static io.momentum.tracking.TrackingFixtures.HERO;
import static io.momentum.tracking.TrackingFixtures.NPS;
import static io.momentum.tracking.TrackingFixtures.PAUSED;
import static io.momentum.tracking.TrackingFixtures.REFERRAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.assign.Exposure;
import io.momentum.reporting.CountsReader;
import io.momentum.reporting.GoalCounts;
import io.momentum.reporting.VariantCounts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsRouteIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    TrackingServer s;

    @BeforeEach
    void start() throws Exception {
        s = TrackingServer.onEmbeddedStores(tmp);
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private String variantOf(String experiment, String visitor) {
        return TrackingFixtures.variantOf(s.catalog(), experiment, visitor);
    }

    private static String batch(String... events) {
        return "{\"events\": [" + String.join(",", events) + "]}";
    }

    private static String exposure(String id, String visitor, String experiment) {
        return "{\"type\":\"exposure\",\"id\":\"" + id + "\",\"visitor\":\"" + visitor + "\",\"experiment\":\"" + experiment + "\"}";
    }

    private static String conversion(String id, String visitor, String goal, String value) {
        return "{\"type\":\"conversion\",\"id\":\"" + id + "\",\"visitor\":\"" + visitor + "\",\"goal\":\"" + goal + "\""
                + (value == null ? "" : ",\"value\":" + value) + "}";
    }

    @Test
    void countsOneExposurePerVisitorAndReportsDuplicateIds() throws Exception {
        JsonNode first = s.postOk(batch(exposure("e1", "v1", HERO), exposure("e2", "v1", HERO), exposure("e1", "v1", HERO)));

        assertEquals(2, first.get("accepted").asInt());
        assertEquals(1, first.get("duplicates").asInt());
        VariantCounts variant = s.counters(HERO).variant(variantOf(HERO, "v1")).orElseThrow();
        assertEquals(1, variant.exposures());
    }

    /** The audit made {@code momentum:{goal:anything-i-like-1}:*} keys (never expiring) with one anonymous request. */
    @Test
    void aGoalNoExperimentUsesIsRejectedCountedAndCreatesNoKey() throws Exception {
        HttpResponse<String> response = s.post(batch(exposure("e1", "v1", HERO), conversion("c1", "v1", "anything-i-like-1", null)));

        assertEquals(202, response.statusCode(), response.body());
        JsonNode rejected = JSON.readTree(response.body()).get("rejected");
        assertEquals(1, rejected.size(), response.body());
        assertEquals(1, rejected.get(0).get("index").asInt());
        assertTrue(rejected.get(0).get("error").asText().contains("unknown goal \"anything-i-like-1\""), response.body());
        List<String> keys = s.server.storage().redis().keys("*anything-i-like-1*").toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(List.of(), keys);
        assertTrue(s.http.get("/metrics").body().contains("momentum_events_rejected_total{reason=\"unknown_goal\"} 1.0"),
                "the refusal is counted in a metric");
    }

    /** The audit stored {@code sc|a|<img src=x onerror=alert(9)>|x|y} as a counter field with free-text choices. */
    @Test
    void aSurveyChoiceThatIsNotAnOptionIsRejectedAndStoresNoField() throws Exception {
        HttpResponse<String> response = s.post(batch(exposure("e1", "v1", NPS),
                "{\"type\":\"survey\",\"id\":\"s1\",\"visitor\":\"v1\",\"experiment\":\"" + NPS
                        + "\",\"choice\":\"<img src=x onerror=alert(9)>\"}"));

        assertEquals(202, response.statusCode(), response.body());
        assertTrue(response.body().contains("choice is not one of the options"), response.body());
        assertTrue(s.raw(NPS).keySet().stream().noneMatch(field -> field.startsWith("sc|")), s.raw(NPS).toString());
    }

    @Test
    void countsConversionsOnlyAfterTheExposure() throws Exception {
        String before = Instant.now().minusSeconds(60).toString();
        s.postOk(batch("{\"type\":\"conversion\",\"id\":\"c0\",\"visitor\":\"v1\",\"goal\":\"signup\",\"timestamp\":\"" + before + "\"}",
                exposure("e1", "v1", HERO), conversion("c1", "v1", "signup", null)));

        GoalCounts signup = s.counters(HERO).variant(variantOf(HERO, "v1")).orElseThrow().goal("signup");
        assertEquals(new GoalCounts(1, 1, 0, 0), signup);
        assertEquals(2, s.goals("signup").get("signup").conversions(), "the global goal counts every conversion");
    }

    @Test
    void fansAConversionOutToEveryRunningExperimentMeasuringTheGoal() throws Exception {
        s.postOk(batch(exposure("e1", "v1", HERO), exposure("e2", "v1", CTA), exposure("e3", "v1", PAUSED).replace("e3", "e3"),
                conversion("c1", "v1", "purchase", "10.00")));

        assertEquals(10.00, s.counters(HERO).variant(variantOf(HERO, "v1")).orElseThrow().goal("purchase").valueSum());
        assertEquals(10.00, s.counters(CTA).variant(variantOf(CTA, "v1")).orElseThrow().goal("purchase").valueSum());
        assertEquals(0, s.counters(PAUSED).variants().stream().mapToLong(VariantCounts::exposures).sum());
    }

    @Test
    void keepsSumOfSquaresOfPerVisitorTotals() throws Exception {
        s.postOk(batch(exposure("e1", "v1", HERO), exposure("e2", "v2", HERO),
                conversion("c1", "v1", "purchase", "10.00"), conversion("c2", "v1", "purchase", "5.50"),
                conversion("c3", "v2", "purchase", "0.01")));

        double valueSum = 0;
        double squares = 0;
        long converters = 0;
        long conversions = 0;
        for (VariantCounts v : s.counters(HERO).variants()) {
            GoalCounts g = v.goal("purchase");
            valueSum += g.valueSum();
            squares += g.valueSumSquares();
            converters += g.converters();
            conversions += g.conversions();
        }
        // Summed over the variants in major units: the two visitors may sit in different variants.
        assertEquals(15.51, valueSum, 1e-9);
        assertEquals(15.50 * 15.50 + 0.01 * 0.01, squares, 1e-9);
        assertEquals(2, converters);
        assertEquals(3, conversions);
        // One counter hash, decoded once: 1551 cents and 1550^2 + 1 square cents, exactly.
        assertEquals(new GoalCounts(2, 3, 15.51, 240.2501), s.goals("purchase").get("purchase"));
    }

    @Test
    void countsFirstSurveyAnswerAndEveryReferralOfExposedVisitors() throws Exception {
        s.postOk(batch(exposure("e1", "v1", NPS), exposure("e2", "v1", REFERRAL),
                "{\"type\":\"survey\",\"id\":\"s1\",\"visitor\":\"v1\",\"experiment\":\"" + NPS + "\",\"score\":9}",
                "{\"type\":\"survey\",\"id\":\"s2\",\"visitor\":\"v1\",\"experiment\":\"" + NPS + "\",\"score\":3}",
                "{\"type\":\"survey\",\"id\":\"s3\",\"visitor\":\"never-exposed\",\"experiment\":\"" + NPS + "\",\"score\":3}",
                "{\"type\":\"referral\",\"id\":\"r1\",\"visitor\":\"v1\",\"experiment\":\"" + REFERRAL + "\"}",
                "{\"type\":\"referral\",\"id\":\"r2\",\"visitor\":\"v1\",\"experiment\":\"" + REFERRAL + "\"}"));

        VariantCounts nps = s.counters(NPS).variant(variantOf(NPS, "v1")).orElseThrow();
        assertEquals(1, nps.surveyScores()[9]);
        assertEquals(1, nps.surveyResponses());
        VariantCounts referral = s.counters(REFERRAL).variant(variantOf(REFERRAL, "v1")).orElseThrow();
        assertEquals(2, referral.referrals());
        assertEquals(1L, s.raw(REFERRAL).get(RedisKeys.Fields.referrers(variantOf(REFERRAL, "v1"))), "unique referrers");
    }

    @Test
    void acceptsTextPlainBodiesFromSendBeacon() throws Exception {
        HttpResponse<String> response = s.http.post("/v1/events", "text/plain;charset=UTF-8", batch(exposure("e1", "v1", HERO)));

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(1, JSON.readTree(response.body()).get("accepted").asInt());
    }

    @Test
    void keepsTheGoodItemsOfABatchWithBadOnes() throws Exception {
        JsonNode result = s.postOk(batch(exposure("e1", "v1", HERO), "{\"type\":\"exposure\",\"visitor\":\"v2\",\"experiment\":{\"$gt\":\"\"}}",
                exposure("e3", "v3", "no-such-experiment"), exposure("e4", "v4", PAUSED)));

        assertEquals(1, result.get("accepted").asInt());
        List<Integer> rejectedIndexes = List.of(result.get("rejected").get(0).get("index").asInt(),
                result.get("rejected").get(1).get("index").asInt(), result.get("rejected").get(2).get("index").asInt());
        assertEquals(List.of(1, 2, 3), rejectedIndexes);
        assertTrue(result.get("rejected").get(0).get("error").asText().contains("experiment must be a string"), result.toString());
    }

    @Test
    void recordsServerLoggedExposuresThroughTheSameScript() throws Exception {
        s.server.tracking().exposureRecorder().record(List.of(new Exposure(HERO, "treatment", "v9", Instant.now())))
                .toCompletionStage().toCompletableFuture().get();

        assertEquals(1, s.counters(HERO).variant("treatment").orElseThrow().exposures());
    }

    @Test
    void logsARepeatedServerExposureOfOneVisitorOnlyOnce() throws Exception {
        Exposure exposure = new Exposure(HERO, "treatment", "v10", Instant.now());
        for (int pageView = 0; pageView < 3; pageView++) {
            s.server.tracking().exposureRecorder().record(List.of(exposure)).toCompletionStage().toCompletableFuture().get();
        }

        String id = EventIngest.assignmentExposureId(exposure);
        JsonNode replay = s.postOk(batch(exposure(id, "v10", HERO)));
        assertEquals(1, replay.get("duplicates").asInt(), "the server-logged exposure id is not stable: " + replay);
        assertEquals(1, s.counters(HERO).variant("treatment").orElseThrow().exposures());
    }

    @Test
    void countsUniqueVisitorsOfEachFlywheelStageEvent() throws Exception {
        s.postOk(batch(conversion("f1", "v1", "visit", null), conversion("f2", "v2", "visit", null),
                conversion("f3", "v2", "visit", null), conversion("f4", "v1", "trial_signup", null)));

        List<CountsReader.StageCount> stages = s.server.tracking().counts().readStages(s.catalog().flywheel())
                .toCompletionStage().toCompletableFuture().get();
        CountsReader.StageCount activation = stages.get(0);
        assertEquals("visit", s.catalog().flywheel().stages().get(0).enteredEvent());
        assertEquals(2, activation.entered());
        assertEquals(1, activation.converted());
    }

    @Test
    void countsTheExposuresTheAssignRouteLogs() throws Exception {
        assertEquals(200, s.http.get("/v1/assign?visitor=v-assigned").statusCode());

        await("the exposure the assign route logged is counted").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> exposures(HERO) > 0);
        assertEquals(1, s.counters(HERO).variant(variantOf(HERO, "v-assigned")).orElseThrow().exposures());
    }

    private long exposures(String experiment) throws Exception {
        return s.counters(experiment).variants().stream().mapToLong(VariantCounts::exposures).sum();
    }

    @Test
    void writesEachEventOnceToMongoAndReportsConsistency() throws Exception {
        s.postOk(batch(exposure("e1", "v1", HERO), exposure("e2", "v2", HERO), conversion("c1", "v1", "purchase", "12.34"),
                conversion("c2", "v1", "purchase", "1"), exposure("e1", "v1", HERO)));
        s.awaitWriter(Duration.ofSeconds(20));

        assertEquals(4, s.server.storage().mongo().getCollection(EventLog.EVENTS).countDocuments());
        Document visitor = s.server.storage().mongo().getCollection(EventLog.VISITOR_EXPERIMENTS).find(new Document("_id", HERO + ":v1")).first();
        assertEquals(variantOf(HERO, "v1"), visitor.getString("variant"));
        HttpResponse<String> report = s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.server.port()
                + "/v1/experiments/" + HERO + "/consistency")).header("Authorization", "Bearer " + TrackingServer.ADMIN_TOKEN).GET());
        assertEquals(200, report.statusCode(), report.body());
        assertTrue(JSON.readTree(report.body()).get("consistent").asBoolean(), report.body());
    }

    @Test
    void refusesTheConsistencyReportWithoutTheAdminToken() {
        HttpResponse<String> report = s.http.get("/v1/experiments/" + HERO + "/consistency");

        assertEquals(401, report.statusCode());
        assertFalse(report.body().contains("consistent"));
    }

    @Test
    void rebuildsCountersFromMongoIdentically() throws Exception {
        s.postOk(batch(exposure("e1", "v1", HERO), exposure("e2", "v2", HERO), conversion("c1", "v1", "purchase", "12.34"),
                conversion("c2", "v2", "signup", null), conversion("c3", "v1", "purchase", "0.66")));
        s.awaitWriter(Duration.ofSeconds(20));
        Map<String, Long> before = s.raw(HERO);
        GoalCounts purchaseBefore = s.goals("purchase").get("purchase");

        TrackingFixtures.deleteKeys(s.server.storage().redis(), s.prefix + "{" + HERO + "}:c");
        new CounterRebuild(s.server.storage().redis(), new RedisKeys(s.prefix), new EventLog(s.server.storage().mongo())).rebuildAll();

        assertEquals(before, s.raw(HERO));
        assertEquals(purchaseBefore, s.goals("purchase").get("purchase"));
    }
}
