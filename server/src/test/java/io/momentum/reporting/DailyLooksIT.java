package io.momentum.reporting;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario through HTTP: a real server on its own Redis and MongoDB; results read through
 * {@code GET /v1/experiments/{id}/results} every 500 visitors per variant, 12 looks, for each method. The A/A
 * experiments (a seeded null) never declare a winner; the planted ones (10 % -> 16 %) are found by 3,000 visitors per
 * variant and stay declared; for sequential the interval shown excludes 0 exactly when the adjusted p-value is below
 * alpha; and every look is recorded in {@code result_looks} (look interval 0: as if each read came an hour apart).
 */
class DailyLooksIT {
    private static final int LOOKS = 12;
    private static final int PER_LOOK = 500;
    private static final double ALPHA = 0.05;
    private static final List<String> METHODS = List.of("sequential", "fixed", "bayesian");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void twelveLooksFindThePlantedLiftAndNoFalseWinnerForEveryMethod() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, Double> treatmentRate = new LinkedHashMap<>();
        for (String method : METHODS) {
            files.put("aa-" + method + ".yaml", experiment("aa-" + method, method));
            files.put("planted-" + method + ".yaml", experiment("planted-" + method, method));
            treatmentRate.put("aa-" + method, 0.10);
            treatmentRate.put("planted-" + method, 0.16);
        }
        try (SeededServer server = SeededServer.start(tmp, files, config -> config.lookInterval(Duration.ZERO))) {
            TestHttp http = new TestHttp(server.port());
            SplittableRandom random = new SplittableRandom(15);
            Map<String, long[]> converters = new HashMap<>();
            Map<String, String> lastComputed = new HashMap<>();
            Map<String, Integer> declaredAt = new HashMap<>();
            for (int look = 1; look <= LOOKS; look++) {
                long visitors = (long) look * PER_LOOK;
                for (String id : treatmentRate.keySet()) {
                    long[] c = converters.computeIfAbsent(id, k -> new long[2]);
                    c[0] += conversions(random, 0.10);
                    c[1] += conversions(random, treatmentRate.get(id));
                    server.variant(id, "control", visitors, Map.of("trial_signup", c[0]))
                            .variant(id, "benefit", visitors, Map.of("trial_signup", c[1]));
                }
                for (String id : treatmentRate.keySet()) {
                    JsonNode r = freshResults(http, id, lastComputed);
                    JsonNode decision = r.get("decision");
                    boolean winner = "winner".equals(decision.get("status").asText());
                    if (id.startsWith("aa-")) {
                        assertTrue(!winner, id + " declared a false winner at look " + look + ": " + decision);
                    } else if (winner) {
                        assertEquals("benefit", decision.get("winner").asText(), id + ": " + decision);
                        declaredAt.putIfAbsent(id, look);
                    } else {
                        assertTrue(!declaredAt.containsKey(id), id + " reverted at look " + look + ": " + decision);
                    }
                    if (id.endsWith("sequential")) {
                        JsonNode goal = r.get("variants").get(1).get("goals").get("trial_signup");
                        JsonNode ci = goal.get("ci_lift");
                        boolean excludesZero = !ci.isNull() && (ci.get(0).asDouble() > 0 || ci.get(1).asDouble() < 0);
                        assertEquals(goal.get("p_value_adjusted").asDouble() < ALPHA, excludesZero,
                                id + " look " + look + ": the interval and the adjusted p-value disagree: " + goal);
                    }
                }
            }
            for (String method : METHODS) {
                Integer at = declaredAt.get("planted-" + method);
                assertTrue(at != null && at * PER_LOOK <= 3_000, method + ": 10 % -> 16 % not found by 3,000 per variant (look " + at + ")");
                System.out.printf("12 looks x 500 over HTTP, %s: A/A no winner; 10%% -> 16%% declared at look %d (%,d per variant)%n",
                        method, at, at * PER_LOOK);
            }
            for (String id : treatmentRate.keySet()) {
                assertEquals(LOOKS, server.recordedLooks(id), id + ": every look is recorded");
            }
        }
    }

    private static String experiment(String id, String method) {
        return "id: " + id + "\nname: " + id + "\nstage: activation\nkind: landing_page\nstatus: running\n"
                + "hypothesis: benefit gets more signups\nvariants:\n  - { key: control, weight: 50 }\n  - { key: benefit, weight: 50 }\n"
                + "goals:\n  primary: { event: trial_signup }\n"
                + "analysis: { method: " + method + ", mde: 0.3, min_visitors_per_variant: 500 }\n";
    }

    private static long conversions(SplittableRandom random, double rate) {
        long n = 0;
        for (int i = 0; i < PER_LOOK; i++) {
            n += random.nextDouble() < rate ? 1 : 0;
        }
        return n;
    }

    /** The results computed after the counters changed (the route caches results for 5 s). */
    private static JsonNode freshResults(TestHttp http, String id, Map<String, String> lastComputed) {
        List<JsonNode> fresh = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> response = http.get("/v1/experiments/" + id + "/results");
            assertEquals(200, response.statusCode(), response.body());
            JsonNode r = JSON.readTree(response.body());
            if (r.get("computed_at").asText().equals(lastComputed.get(id))) {
                return false;
            }
            fresh.add(r);
            return true;
        });
        JsonNode r = fresh.get(0);
        assertNotEquals(lastComputed.get(id), r.get("computed_at").asText());
        lastComputed.put(id, r.get("computed_at").asText());
        return r;
    }
}
