package io.momentum.assign;

import static io.momentum.assignment.TestExperiments.condition;
import static io.momentum.assignment.TestExperiments.running;
import static io.momentum.assignment.TestExperiments.snapshot;
import static io.momentum.assignment.TestExperiments.targetingAttributes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.momentum.TestHttp;
import io.momentum.config.AccessPolicy;
import io.momentum.experiment.AttributeCondition.Operator;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.web.AccessControl;
import io.momentum.web.ApiJson;
import io.momentum.web.EdgeHandlers;
import io.momentum.web.ErrorMapper;
import io.momentum.web.HttpServerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Targeting by the channel the server derives from raw utm_* / referrer attributes ("cold traffic" tests). */
class TrafficTargetingTest {
    private static final CatalogSnapshot CATALOG = snapshot(1,
            targetingAttributes(running("cold-landing"), condition("channel", Operator.IN, "paid_search", "paid_social")));

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Exposure> recorded = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private TestHttp http;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        ApiJson json = new ApiJson();
        AssignmentService service = new AssignmentService(() -> CATALOG, exposures -> {
            recorded.addAll(exposures);
            return Future.succeededFuture();
        }, Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC), new SimpleMeterRegistry(), false,
                new ExposureTokens("test-secret-test-secret-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                new QaTokens("test-secret-test-secret-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8)), new MintedVisitors());
        AtomicInteger listening = new AtomicInteger();
        vertx.deployVerticle(new HttpServerVerticle("127.0.0.1", 0, new ErrorMapper(json),
                new EdgeHandlers(AccessPolicy.UNLIMITED, new AccessControl(Optional.empty(), Optional.empty())),
                List.of(new AssignmentRoutes(json, service)), listening::set)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        http = new TestHttp(listening.get());
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private int assignments(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return mapper.readTree(response.body()).get("assignments").size();
    }

    @Test
    void adTrafficFromRawUtmParametersIsTargeted() throws Exception {
        assertEquals(1, assignments(http.get("/v1/assign?visitor=v1&attr.utm_source=google&attr.utm_medium=cpc")));
        assertEquals(1, assignments(http.post("/v1/assign", "application/json",
                "{\"visitor\":\"v2\",\"attributes\":{\"utm_source\":\"facebook\",\"utm_medium\":\"paid\"}}")));
    }

    @Test
    void warmReferralAndDirectTrafficIsNot() throws Exception {
        assertEquals(0, assignments(http.get("/v1/assign?visitor=v3&attr.referrer=https%3A%2F%2Fnews.ycombinator.com%2F")));
        assertEquals(0, assignments(http.get("/v1/assign?visitor=v4")));
    }

    @Test
    void theLoggedExposureCarriesTheDerivedAttributes() throws Exception {
        assignments(http.get("/v1/assign?visitor=v5&attr.gclid=abc&attr.visits=2"));
        Exposure exposure = recorded.get(0);
        assertEquals("paid_search", exposure.attributes().get("channel"));
        assertEquals("returning", exposure.attributes().get("visitor_type"));
        assertEquals("abc", exposure.attributes().get("gclid"));
    }
}
