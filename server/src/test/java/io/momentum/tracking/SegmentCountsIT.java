package io.momentum.tracking;

import static io.momentum.tracking.TrackingFixtures.HERO;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.reporting.ExperimentCounts;
import io.momentum.reporting.VariantCounts;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exposures and conversions with traffic-source attributes, through the real server, counted exactly per segment. */
class SegmentCountsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGNUP = "signup";

    @TempDir
    Path tmp;
    TrackingServer s;

    @BeforeEach
    void start() throws Exception {
        s = TrackingServer.onEmbeddedStores(tmp);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /** 40 visitors: a quarter each from google cpc, a newsletter, a facebook referrer and nowhere; every third converts. */
    @Test
    void countsExposuresAndConversionsPerChannelExactly() throws Exception {
        Map<String, String> channelOf = new HashMap<>();
        List<String> conversions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String visitor = "seg-" + i;
            switch (i % 4) {
                case 0 -> assign(visitor, "{\"utm_source\":\"google\",\"utm_medium\":\"cpc\"}", "paid_search", channelOf);
                case 1 -> assign(visitor, "{\"utm_source\":\"weekly\",\"utm_medium\":\"email\",\"visits\":\"3\"}", "email", channelOf);
                case 2 -> { // the snippet's exposure event carries the raw first-touch values
                    s.postOk("{\"events\":[{\"type\":\"exposure\",\"id\":\"x" + i + "\",\"visitor\":\"" + visitor + "\",\"experiment\":\""
                            + HERO + "\",\"attributes\":{\"referrer\":\"https://m.facebook.com/\",\"visitor_type\":\"new\"}}]}");
                    channelOf.put(visitor, "organic_social");
                }
                default -> assign(visitor, "{}", "direct", channelOf);
            }
            if (i % 3 == 0) {
                conversions.add("{\"type\":\"conversion\",\"id\":\"c" + i + "\",\"visitor\":\"" + visitor + "\",\"goal\":\"" + SIGNUP + "\"}");
            }
        }
        await("all 40 exposures are counted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> totalExposures(s.counters(HERO)) == 40);
        s.postOk("{\"events\":[" + String.join(",", conversions) + "]}");

        ExperimentCounts totals = s.counters(HERO);
        Map<String, ExperimentCounts> byChannel = segments("channel");
        assertEquals(Map.of("paid_search", 10L, "email", 10L, "organic_social", 10L, "direct", 10L), exposuresBySegment(byChannel));
        for (String variant : List.of("control", "treatment")) {
            VariantCounts total = totals.variant(variant).orElseThrow();
            assertEquals(total.exposures(), byChannel.values().stream().mapToLong(c -> c.variant(variant).orElseThrow().exposures()).sum());
            assertEquals(total.goal(SIGNUP).converters(),
                    byChannel.values().stream().mapToLong(c -> c.variant(variant).orElseThrow().goal(SIGNUP).converters()).sum());
        }
        Map<String, Long> convertersByChannel = new TreeMap<>();
        byChannel.forEach((channel, c) -> convertersByChannel.put(channel,
                c.variants().stream().mapToLong(v -> v.goal(SIGNUP).converters()).sum()));
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < 40; i += 3) {
            expected.merge(channelOf.get("seg-" + i), 1L, Long::sum);
        }
        assertEquals(expected, convertersByChannel);
        Map<String, Long> visitorTypes = exposuresBySegment(segments("visitor_type"));
        assertEquals(Map.of("returning", 10L, "new", 10L, "(none)", 20L), visitorTypes);

        s.awaitWriter(Duration.ofSeconds(20));
        assertConsistent();
        Map<String, Long> before = rawSegments();
        TrackingFixtures.deleteKeys(s.server.storage().redis(), s.prefix + "{" + HERO + "}:sc");
        new CounterRebuild(s.server.storage().redis(), new RedisKeys(s.prefix), new EventLog(s.server.storage().mongo())).rebuildAll();
        assertEquals(before, rawSegments());

        JsonNode results = JSON.readTree(get("/v1/experiments/" + HERO + "/results?dimension=channel").body());
        assertEquals("channel", results.get("dimension").asText());
        assertEquals(4, results.get("segments").size());
        assertEquals(HERO, results.get("experiment").asText());
        long segmentExposures = 0;
        for (JsonNode segment : results.get("segments")) {
            segmentExposures += segment.get("exposures").asLong();
        }
        assertEquals(40, segmentExposures);
    }

    @Test
    void refusesAnUnknownDimensionNamingTheConfiguredOnes() {
        HttpResponse<String> answer = get("/v1/experiments/" + HERO + "/results?dimension=planet");

        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("channel, device, visitor_type, country, utm_campaign"), answer.body());
    }

    private void assign(String visitor, String attributes, String channel, Map<String, String> channelOf) {
        HttpResponse<String> answer = s.http.post("/v1/assign", "application/json",
                "{\"visitor\":\"" + visitor + "\",\"experiments\":[\"" + HERO + "\"],\"attributes\":" + attributes + "}");
        assertEquals(200, answer.statusCode(), answer.body());
        channelOf.put(visitor, channel);
    }

    private HttpResponse<String> get(String path) {
        return s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.server.port() + path))
                .header("Authorization", "Bearer " + TrackingServer.ADMIN_TOKEN).GET());
    }

    private void assertConsistent() throws Exception {
        HttpResponse<String> report = get("/v1/experiments/" + HERO + "/consistency");
        assertEquals(200, report.statusCode(), report.body());
        JsonNode body = JSON.readTree(report.body());
        assertTrue(body.get("consistent").asBoolean(), report.body());
        assertTrue(body.get("countersCompared") == null || body.get("countersCompared").asInt() > 20
                || body.get("counters_compared").asInt() > 20, report.body());
    }

    private Map<String, ExperimentCounts> segments(String dimension) throws Exception {
        var snapshot = s.catalog();
        var experiment = snapshot.experiment(HERO).orElseThrow();
        return s.server.tracking().counts().readSegments(experiment, io.momentum.experiment.GoalPlan.of(experiment, snapshot.flywheel()),
                dimension).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private Map<String, Long> rawSegments() throws Exception {
        return new TreeMap<>(s.server.tracking().counters().rawSegments(HERO).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    private static Map<String, Long> exposuresBySegment(Map<String, ExperimentCounts> segments) {
        Map<String, Long> exposures = new HashMap<>();
        segments.forEach((value, c) -> exposures.put(value, totalExposures(c)));
        return exposures;
    }

    private static long totalExposures(ExperimentCounts counts) {
        return counts.variants().stream().mapToLong(VariantCounts::exposures).sum();
    }
}
