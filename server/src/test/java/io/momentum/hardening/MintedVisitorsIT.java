package io.momentum.hardening;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.ServerConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit's poisoning attack: one client mints 60 visitor ids, learns each one's variant from the public
 * assignment, sends exposures for all and conversions only for those in variant {@code evil}. Before, that gave
 * control 37 exposed / 0 converted, evil 24 / 23 and a chance to win of 1.0.
 */
class MintedVisitorsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPERIMENT = "checkout-copy";
    private static final int MINTED = 60;

    @TempDir
    Path tmp;
    private MomentumServer server;
    private TestHttp http;

    @BeforeEach
    void start() throws Exception {
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        Files.writeString(experiments.resolve(EXPERIMENT + ".yaml"), """
                id: checkout-copy
                name: Checkout copy
                stage: activation
                kind: landing_page
                status: running
                variants:
                  - { key: control, weight: 50, payload: {} }
                  - { key: evil, weight: 50, payload: {} }
                goals:
                  primary: { event: signup }
                """);
        server = MomentumServer.start(ServerConfig.embedded(experiments, tmp.resolve("data")).toBuilder()
                .exposureTokensRequired(true).build());
        http = new TestHttp(server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** What {@code /v1/assign?track=false} tells anyone about a minted id: its variant and its exposure token. */
    private JsonNode assignment(String visitor) throws Exception {
        HttpResponse<String> response = http.get("/v1/assign?track=false&visitor=" + visitor);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("assignments").get(0);
    }

    private JsonNode post(List<String> events) throws Exception {
        HttpResponse<String> response = http.post("/v1/events", "application/json", "{\"events\":[" + String.join(",", events) + "]}");
        assertTrue(response.statusCode() == 202 || response.statusCode() == 400, response.body());
        return JSON.readTree(response.body());
    }

    private static String exposure(String visitor, String tokenField) {
        return "{\"type\":\"exposure\",\"experiment\":\"" + EXPERIMENT + "\",\"visitor\":\"" + visitor + "\"" + tokenField + "}";
    }

    private static String conversion(String visitor) {
        return "{\"type\":\"conversion\",\"goal\":\"signup\",\"visitor\":\"" + visitor + "\"}";
    }

    private long exposures() throws Exception {
        JsonNode results = JSON.readTree(http.get("/v1/experiments/" + EXPERIMENT + "/results").body());
        long total = 0;
        for (JsonNode variant : results.get("variants")) {
            total += variant.get("exposures").asLong();
        }
        return total;
    }

    @Test
    void forgedExposuresWithoutATokenAreRejectedAndCountNothing() throws Exception {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < MINTED; i++) {
            String visitor = "minted-" + i;
            events.add(exposure(visitor, ""));
            if (assignment(visitor).get("variant").asText().equals("evil")) {
                events.add(conversion(visitor));
            }
        }
        JsonNode answer = post(events);

        JsonNode rejected = answer.has("error") ? answer.get("error").get("details") : answer.get("rejected");
        long tokenRefusals = 0;
        for (JsonNode r : rejected) {
            if (r.get("error").asText().contains("needs the token /v1/assign returned")) {
                tokenRefusals++;
            }
        }
        assertEquals(MINTED, tokenRefusals, answer.toString());
        assertEquals(0, exposures(), "no minted visitor is counted");
    }

    @Test
    void aTokenForAnotherVisitorOrVariantIsRejected() throws Exception {
        String token = assignment("real-visitor").get("token").asText();
        JsonNode answer = post(List.of(exposure("minted-x", ",\"token\":\"" + token + "\"")));
        assertTrue(answer.toString().contains("was not issued for this experiment, visitor and variant"), answer.toString());
        assertEquals(0, exposures());
    }

    @Test
    void mintedVisitorsWithRealTokensAreFlaggedInTheResults() throws Exception {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < MINTED; i++) {
            String visitor = "minted-" + i;
            JsonNode assigned = assignment(visitor);
            events.add(exposure(visitor, ",\"token\":\"" + assigned.get("token").asText() + "\""));
            if (assigned.get("variant").asText().equals("evil")) {
                events.add(conversion(visitor));
            }
        }
        JsonNode answer = post(events);
        assertTrue(answer.get("rejected").isEmpty(), answer.toString());

        await("the results warn about minted visitors").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode results = JSON.readTree(http.get("/v1/experiments/" + EXPERIMENT + "/results").body());
            JsonNode warnings = results.path("warnings");
            assertEquals(1, warnings.size(), results.toString());
            assertEquals("minted_visitors", warnings.get(0).get("code").asText());
            assertEquals(MINTED, warnings.get(0).get("count").asInt());
        });
        String page = http.get("/experiments/" + EXPERIMENT).body();
        assertTrue(page.contains("Possibly minted traffic") && page.contains(MINTED + " exposures came from addresses"), page);
    }
}
