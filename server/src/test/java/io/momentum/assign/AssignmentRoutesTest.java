package io.momentum.assign;

import static io.momentum.assignment.TestExperiments.allowingForcedVariants;
import static io.momentum.assignment.TestExperiments.condition;
import static io.momentum.assignment.TestExperiments.running;
import static io.momentum.assignment.TestExperiments.snapshot;
import static io.momentum.assignment.TestExperiments.stoppedWithWinner;
import static io.momentum.assignment.TestExperiments.targetingAttributes;
import static io.momentum.assignment.TestExperiments.targetingDevices;
import static io.momentum.assignment.TestExperiments.targetingUrls;
import static io.momentum.assignment.TestExperiments.withStage;
import static io.momentum.assignment.TestExperiments.withWeights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.momentum.assign.AssignmentRoutes;
import io.momentum.assign.AssignmentService;
import io.momentum.assign.Exposure;
import io.momentum.assign.ExposureRecorder;
import io.momentum.assign.ExposureTokens;
import io.momentum.assign.MintedVisitors;
import io.momentum.assign.QaTokens;
import io.momentum.TestHttp;
import io.momentum.config.AccessPolicy;
import io.momentum.experiment.AttributeCondition.Operator;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Stage;
import io.momentum.web.AccessControl;
import io.momentum.web.ApiJson;
import io.momentum.web.EdgeHandlers;
import io.momentum.web.ErrorMapper;
import io.momentum.web.HttpServerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /v1/assign} over real HTTP, mounted exactly as the server mounts it, on a fixed catalog. */
class AssignmentRoutesTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final byte[] SECRET = "test-secret-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final QaTokens QA = new QaTokens(SECRET);
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) Mobile/15E148";
    private static final CatalogSnapshot CATALOG = snapshot(1,
            targetingAttributes(targetingUrls(running("pricing-hero"), "/pricing*"), condition("country", Operator.IN, "US", "CA")),
            withStage(running("upgrade-cta"), Stage.ADOPTION),
            stoppedWithWinner(running("old-banner"), "treatment"),
            targetingDevices(withStage(running("mobile-survey"), Stage.ADORATION), "mobile"),
            allowingForcedVariants(withStage(withWeights(running("referral-reward"), 1, 0), Stage.ADVOCACY)));

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Exposure> recorded = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Vertx vertx;
    private TestHttp http;
    private int port;

    private void start(ExposureRecorder recorder) throws Exception {
        vertx = Vertx.vertx();
        ApiJson json = new ApiJson();
        AssignmentService service = new AssignmentService(() -> CATALOG, recorder, Clock.fixed(NOW, ZoneOffset.UTC), registry, false,
                new ExposureTokens(SECRET), QA, new MintedVisitors());
        AtomicInteger listening = new AtomicInteger();
        vertx.deployVerticle(new HttpServerVerticle("127.0.0.1", 0, new ErrorMapper(json),
                new EdgeHandlers(AccessPolicy.UNLIMITED, new AccessControl(Optional.empty(), Optional.empty())), List.of(new AssignmentRoutes(json, service)), listening::set)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = listening.get();
        http = new TestHttp(port);
    }

    private void start() throws Exception {
        start(exposures -> {
            recorded.addAll(exposures);
            return Future.succeededFuture();
        });
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return mapper.readTree(response.body());
    }

    private static List<String> experiments(JsonNode body) {
        return body.get("assignments").findValues("experiment").stream().map(JsonNode::asText).toList();
    }

    private static JsonNode assignmentOf(JsonNode body, String experiment) {
        for (JsonNode a : body.get("assignments")) {
            if (a.get("experiment").asText().equals(experiment)) {
                return a;
            }
        }
        throw new AssertionError("no assignment for " + experiment + " in " + body);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void getAnswersWithTheDesignShape() throws Exception {
        start();
        JsonNode body = ok(http.get("/v1/assign?visitor=v-123&url=%2Fpricing&attr.country=US&stage=activation"));
        assertEquals("v-123", body.get("visitor").asText());
        JsonNode a = body.get("assignments").get(0);
        assertEquals("pricing-hero", a.get("experiment").asText());
        assertEquals("activation", a.get("stage").asText());
        assertEquals("landing_page", a.get("kind").asText());
        assertTrue(List.of("control", "treatment").contains(a.get("variant").asText()));
        assertEquals("headline of " + a.get("variant").asText(), a.get("payload").get("headline").asText());
        assertEquals("bucketed", a.get("source").asText());
        assertFalse(body.has("unknown_experiments"), "empty lists are left out");
    }

    @Test
    void targetingExcludesVisitorsThatDoNotMatch() throws Exception {
        start();
        JsonNode body = ok(http.get("/v1/assign?visitor=v-123&url=%2Fpricing&attr.country=DE&experiments=pricing-hero"));
        assertEquals(0, body.get("assignments").size());
    }

    @Test
    void postTakesAttributesOfAnyScalarTypeAndReportsUnknownExperiments() throws Exception {
        start();
        JsonNode body = ok(http.post("/v1/assign", "application/json", """
                {"visitor": "v-9", "url": "https://shop.example/pricing/teams?x=1", "attributes": {"country": "CA", "orders": 3, "vip": true},
                 "experiments": ["pricing-hero", "no-such-test"]}"""));
        assertEquals(List.of("pricing-hero"), experiments(body));
        assertEquals("no-such-test", body.get("unknown_experiments").get(0).asText());
    }

    @Test
    void deviceComesFromTheUserAgentHeader() throws Exception {
        start();
        HttpResponse<String> phone = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/assign?visitor=v-1&stage=adoration"))
                .header("user-agent", IPHONE));
        assertEquals(List.of("mobile-survey"), experiments(ok(phone)));
        assertEquals(List.of(), experiments(ok(http.get("/v1/assign?visitor=v-1&stage=adoration"))));
    }

    @Test
    void recordsExposuresOfBucketedAssignmentsOnly() throws Exception {
        start();
        ok(http.get("/v1/assign?visitor=v-5"));
        assertEquals(List.of("upgrade-cta", "referral-reward"), recorded.stream().map(Exposure::experimentId).toList(),
                "the rollout of the stopped old-banner is not an exposure");
        assertEquals(NOW, recorded.get(0).at());
        assertEquals("v-5", recorded.get(0).visitorId());
    }

    @Test
    void trackFalseRecordsNothing() throws Exception {
        start();
        ok(http.get("/v1/assign?visitor=v-5&track=false"));
        ok(http.post("/v1/assign", "application/json", "{\"visitor\": \"v-5\", \"track\": false}"));
        assertEquals(List.of(), recorded);
    }

    @Test
    void recorderFailuresNeverFailTheAnswerAndAreCounted() throws Exception {
        start(exposures -> {
            throw new IllegalStateException("redis down");
        });
        ok(http.get("/v1/assign?visitor=v-5"));
        ok(http.get("/v1/assign?visitor=v-6"));
        assertEquals(2.0, registry.get("momentum.exposures.record.failures").counter().count());
    }

    @Test
    void failedRecordingFuturesAreCountedToo() throws Exception {
        start(exposures -> Future.failedFuture("redis down"));
        ok(http.get("/v1/assign?visitor=v-5"));
        assertEquals(1.0, registry.get("momentum.exposures.record.failures").counter().count());
    }

    @Test
    void forcedVariantAppliesWhereAllowedAndIsReportedWhereNot() throws Exception {
        start();
        JsonNode body = ok(http.get("/v1/assign?visitor=v-5&momentum_force=" + encode(signed("referral-reward", "v1") + ",upgrade-cta:treatment")));
        JsonNode reward = assignmentOf(body, "referral-reward");
        assertEquals("v1", reward.get("variant").asText());
        assertEquals("forced", reward.get("source").asText());
        assertEquals("upgrade-cta:treatment", body.get("ignored_forces").get(0).get("force").asText());
        assertFalse(recorded.stream().anyMatch(e -> e.experimentId().equals("referral-reward")), "forced assignments are not exposures");
    }

    /** The audit: any link could force a variant and show its unreleased payload. */
    @Test
    void aPlainOrEditedQaLinkForcesNothing() throws Exception {
        start();
        String edited = signed("referral-reward", "v1").replace("referral-reward:v1.", "referral-reward:control.");
        JsonNode body = ok(http.get("/v1/assign?visitor=v-5&stage=advocacy&momentum_force=" + encode("referral-reward:v1")));
        assertEquals("bucketed", body.get("assignments").get(0).get("source").asText());
        assertTrue(body.get("ignored_forces").get(0).get("reason").asText().contains("signed QA links only"), body.toString());
        JsonNode forged = ok(http.get("/v1/assign?visitor=v-5&stage=advocacy&momentum_force=" + encode(edited)));
        assertEquals("bucketed", forged.get("assignments").get(0).get("source").asText());
        assertEquals("the QA token was not issued for this experiment and variant",
                forged.get("ignored_forces").get(0).get("reason").asText());
        String expired = QA.issue("referral-reward", "v1", NOW.minusSeconds(1));
        JsonNode old = ok(http.get("/v1/assign?visitor=v-5&stage=advocacy&momentum_force=" + encode("referral-reward:v1." + expired)));
        assertTrue(old.get("ignored_forces").get(0).get("reason").asText().contains("expired"), old.toString());
    }

    private static String signed(String experiment, String variant) {
        return experiment + ":" + variant + "." + QA.issue(experiment, variant, NOW.plus(QaTokens.LIFETIME));
    }

    /** The audit's 600 KB force list came back as 19.2 MB of ignored entries. */
    @Test
    void aHugeForceListYieldsASmallAnswerWithOneSummaryEntry() throws Exception {
        start();
        String forces = java.util.stream.IntStream.range(0, 70_000).mapToObj(i -> "e" + i + ":v").collect(java.util.stream.Collectors.joining(","));
        assertTrue(forces.length() > 600_000);
        HttpResponse<String> response = http.post("/v1/assign", "application/json",
                "{\"visitor\": \"v-5\", \"force\": \"" + forces + "\"}");
        JsonNode body = ok(response);
        assertTrue(response.body().length() < 10_000, "answer of " + response.body().length() + " characters");
        JsonNode ignored = body.get("ignored_forces");
        assertEquals(21, ignored.size(), "one summary entry plus the 20 forces read (unknown experiments)");
        assertTrue(ignored.get(0).get("reason").asText().contains("the rest were ignored"), ignored.get(0).toString());
    }

    @Test
    void postAcceptsForceAsAnObject() throws Exception {
        start();
        JsonNode body = ok(http.post("/v1/assign", "application/json",
                "{\"visitor\": \"v-5\", \"stage\": \"advocacy\", \"force\": {\"referral-reward\": \""
                        + signed("referral-reward", "v1").substring("referral-reward:".length()) + "\"}}"));
        assertEquals("v1", body.get("assignments").get(0).get("variant").asText());
    }

    @Test
    void badStageIsA400ListingTheValidStages() throws Exception {
        start();
        HttpResponse<String> response = http.get("/v1/assign?visitor=v-1&stage=retention");
        assertEquals(400, response.statusCode());
        JsonNode error = mapper.readTree(response.body()).get("error");
        assertEquals("stage must be one of activation, adoption, adoration, advocacy, was 'retention'", error.get("message").asText());
        assertEquals(4, error.get("details").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "visitor=", "visitor=a%0Ab", "visitor=tab%09x", "visitor=%00"})
    void invalidVisitorIdsAreA400WithAClearMessage(String query) throws Exception {
        start();
        HttpResponse<String> response = http.get("/v1/assign?" + query);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(mapper.readTree(response.body()).get("error").get("message").asText().startsWith("visitor id"), response.body());
    }

    @Test
    void visitorIdLongerThan128CharactersIsA400() throws Exception {
        start();
        HttpResponse<String> response = http.get("/v1/assign?visitor=" + "x".repeat(129));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("at most 128 characters, had 129"), response.body());
    }

    @Test
    void malformedBodiesAreA400() throws Exception {
        start();
        assertEquals(400, http.post("/v1/assign", "application/json", "{not json").statusCode());
        assertEquals(400, http.post("/v1/assign", "application/json", "[1]").statusCode());
        assertEquals(400, http.post("/v1/assign", "application/json", "{\"visitor\": 42}").statusCode());
        assertEquals(400, http.post("/v1/assign", "application/json", "{\"visitor\": \"v\", \"attributes\": {\"a\": [1]}}").statusCode());
        assertEquals(400, http.post("/v1/assign", "application/json", "{\"visitor\": \"v\", \"track\": \"no\"}").statusCode());
    }

    @Test
    void overlongAttributeValuesAreA400() throws Exception {
        start();
        HttpResponse<String> response = http.get("/v1/assign?visitor=v&attr.country=" + "x".repeat(600));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("attribute country must have at most 512 characters"), response.body());
    }
}
