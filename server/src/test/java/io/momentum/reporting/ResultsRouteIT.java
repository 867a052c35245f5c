package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results route on a real server whose counters hold synthetic data with a known truth. */
class ResultsRouteIT {
    @TempDir
    static Path tmp;
    static SeededServer server;
    static TestHttp http;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void seed() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (String id : new String[] {"planted", "aa", "srm", "guardrail", "downstream"}) {
            files.put(id + ".yaml", SeededServer.landingPage(id, "Experiment " + id, "running", ""));
        }
        files.put("stopped.yaml", SeededServer.landingPage("stopped", "Stopped one", "stopped", "winner: benefit\n"));
        server = SeededServer.start(tmp, files);
        http = new TestHttp(server.port());
        server.variant("planted", "control", 30_000, goals(3_000, 150, 1_200))
                .variant("planted", "benefit", 30_000, goals(3_900, 150, 1_200))
                .variant("aa", "control", 10_000, goals(1_000, 50, 400))
                .variant("aa", "benefit", 10_000, goals(1_012, 52, 398))
                .variant("srm", "control", 10_000, goals(1_000, 50, 400))
                .variant("srm", "benefit", 9_000, goals(1_300, 50, 400))
                .variant("guardrail", "control", 10_000, goals(1_000, 50, 400))
                .variant("guardrail", "benefit", 10_000, goals(1_300, 150, 400))
                .variant("downstream", "control", 10_000, goals(1_000, 50, 400))
                .variant("downstream", "benefit", 10_000, goals(1_300, 50, 250))
                .variant("stopped", "control", 10_000, goals(1_000, 50, 400))
                .variant("stopped", "benefit", 10_000, goals(1_300, 50, 400))
                .globalGoal("visit", 100_000).globalGoal("trial_signup", 8_000).globalGoal("upgrade", 2_000);
    }

    private static Map<String, Long> goals(long signups, long unsubscribes, long upgrades) {
        return Map.of("trial_signup", signups, "unsubscribe", unsubscribes, "upgrade", upgrades);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode results(String id) throws Exception {
        HttpResponse<String> response = http.get("/v1/experiments/" + id + "/results");
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void thePromotionOfAWinnerIsTheStatusAndWinnerDiffAndThePageShowsIt() throws Exception {
        HttpResponse<String> response = http.get("/v1/experiments/planted/promotion");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode promotion = JSON.readTree(response.body());
        assertEquals("benefit", promotion.get("winner").asText());
        String diff = promotion.get("diff").asText();
        assertTrue(diff.contains("-status: running\n+status: stopped\n"), diff);
        assertTrue(diff.contains("+winner: benefit\n"), diff);
        assertTrue(JSON.readTree(http.get("/v1/experiments/aa/promotion").body()).get("diff").isNull(), "no winner, no change");
        String page = http.get("/experiments/planted").body();
        assertTrue(page.contains("Roll out benefit") && page.contains("<h2>History</h2>"), page);
    }

    @Test
    void picksThePlantedWinner() throws Exception {
        JsonNode decision = results("planted").get("decision");
        assertEquals("winner", decision.get("status").asText(), decision.toString());
        assertEquals("benefit", decision.get("winner").asText());
    }

    @Test
    void anAaExperimentHasNoWinner() throws Exception {
        JsonNode decision = results("aa").get("decision");
        assertEquals("no_difference_yet", decision.get("status").asText(), decision.toString());
        assertTrue(decision.get("winner").isNull());
    }

    @Test
    void anSrmInjectedExperimentSaysSrmDetected() throws Exception {
        JsonNode r = results("srm");
        assertEquals("srm_detected", r.get("decision").get("status").asText());
        assertTrue(r.get("srm").get("detected").asBoolean());
    }

    @Test
    void aGuardrailViolationBlocksTheWinner() throws Exception {
        JsonNode decision = results("guardrail").get("decision");
        assertEquals("guardrail_violated", decision.get("status").asText(), decision.toString());
        assertTrue(decision.get("reasons").toString().contains("guardrail unsubscribe"), decision.toString());
    }

    @Test
    void downstreamHarmBlocksTheWinner() throws Exception {
        JsonNode r = results("downstream");
        assertEquals("downstream_harm", r.get("decision").get("status").asText(), r.get("decision").toString());
        assertTrue(r.get("decision").get("reasons").toString().contains("adoption stage (upgrade)"), r.get("decision").toString());
        assertEquals("downstream", r.get("variants").get(1).get("goals").get("upgrade").get("role").asText());
    }

    @Test
    void aStoppedExperimentSaysStopped() throws Exception {
        JsonNode decision = results("stopped").get("decision");
        assertEquals("stopped", decision.get("status").asText());
        assertEquals("benefit", decision.get("winner").asText());
    }

    @Test
    void keepsTheDesignedKeys() throws Exception {
        JsonNode r = results("planted");
        for (String key : new String[] {"experiment", "stage", "kind", "status", "method", "control", "variants", "srm", "decision"}) {
            assertTrue(r.has(key), key);
        }
        JsonNode goal = r.get("variants").get(1).get("goals").get("trial_signup");
        for (String key : new String[] {"converters", "conversions", "rate", "value_sum", "value_sum_squares", "lift", "ci_lift", "p_value",
                "chance_to_win"}) {
            assertTrue(goal.has(key), key);
        }
        assertEquals(0.5, r.get("variants").get(0).get("weight").asDouble(), 1e-12);
    }

    /** Prints the end-to-end time of the route over loopback HTTP (mostly served from the 5-second cache). */
    @Test
    void routeTimeBenchmark() throws Exception {
        long[] micros = new long[200];
        for (int i = 0; i < micros.length; i++) {
            long t0 = System.nanoTime();
            assertEquals(200, http.get("/v1/experiments/planted/results").statusCode());
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        java.util.Arrays.sort(micros);
        System.out.printf("GET /v1/experiments/{id}/results over HTTP: median %.2f ms, p99 %.2f ms (200 sequential calls)%n",
                micros[100] / 1000.0, micros[198] / 1000.0);
    }

    @Test
    void answersUnknownExperimentsWithJson404() throws Exception {
        HttpResponse<String> response = http.get("/v1/experiments/no-such-experiment/results");
        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("\"code\":\"not_found\""), response.body());
    }

    @Test
    void theFlywheelReportShowsStagesFrictionAndExperiments() throws Exception {
        HttpResponse<String> response = http.get("/v1/flywheel");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode stages = JSON.readTree(response.body()).get("stages");
        assertEquals(4, stages.size());
        assertEquals("activation", stages.get(0).get("stage").asText());
        assertEquals(0.08, stages.get(0).get("conversion_rate").asDouble(), 1e-12);
        assertEquals(1.0, stages.get(1).get("rate_from_previous").asDouble(), 1e-12);
        assertEquals(5, stages.get(0).get("experiments").size(), "running experiments only");
    }
}
