package io.momentum.hardening;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A goal declared {@code source: server} counts only conversions a backend sends with the ingest key: the audit's
 * minted-visitor attack (real exposure tokens, browser conversions only for variant {@code evil}) moves nothing.
 */
class ServerConversionsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPERIMENT = "checkout-copy";
    private static final String KEY = "k".repeat(40);
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
                  primary: { event: purchase, value: revenue, source: server }
                  secondary: [ { event: signup } ]
                """);
        server = MomentumServer.start(ServerConfig.embedded(experiments, tmp.resolve("data")).toBuilder()
                .exposureTokensRequired(true).ingestKey(KEY).build());
        http = new TestHttp(server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void browserConversionsOfAServerGoalAreRejectedAndCountNothing() throws Exception {
        List<String> events = new ArrayList<>();
        int evil = 0;
        for (int i = 0; i < MINTED; i++) {
            String visitor = "minted-" + i;
            JsonNode assigned = assignment(visitor);
            events.add(exposure(visitor, ",\"token\":\"" + assigned.get("token").asText() + "\""));
            if (assigned.get("variant").asText().equals("evil")) {
                events.add(purchase(visitor, ""));
                evil++;
            }
        }
        HttpResponse<String> response = post(events, null);
        assertEquals(202, response.statusCode(), response.body());
        JsonNode rejected = JSON.readTree(response.body()).get("rejected");
        assertEquals(evil, rejected.size(), response.body());
        rejected.forEach(r -> assertTrue(r.get("error").asText().contains("counts only conversions your backend sends"), r.toString()));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(MINTED, exposures()));
        assertEquals(0, purchases(), "no browser purchase is counted");
        assertTrue(http.get("/metrics").body().contains("reason=\"server_only_goal\""));
    }

    @Test
    void aBrowserCannotClaimToBeTheServer() throws Exception {
        JsonNode assigned = assignment("v1");
        HttpResponse<String> response = post(List.of(
                exposure("v1", ",\"token\":\"" + assigned.get("token").asText() + "\""),
                purchase("v1", ",\"source\":\"server\"")), null);
        assertEquals(202, response.statusCode(), response.body());
        assertTrue(response.body().contains("source server needs the ingest key"), response.body());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(1, exposures()));
        assertEquals(0, purchases());
    }

    @Test
    void aWrongIngestKeyIsRefusedWhole() throws Exception {
        HttpResponse<String> response = post(List.of(purchase("v1", ",\"source\":\"server\"")), "x".repeat(40));
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.body().contains("ingest key"), response.body());
    }

    @Test
    void theBackendCountsServerConversionsWithTheIngestKey() throws Exception {
        JsonNode assigned = assignment("buyer");
        HttpResponse<String> exposed = post(List.of(exposure("buyer", ",\"token\":\"" + assigned.get("token").asText() + "\"")), null);
        assertEquals(202, exposed.statusCode(), exposed.body());
        HttpResponse<String> bought = post(List.of(purchase("buyer", ",\"source\":\"server\",\"value\":49.90")), KEY);
        assertEquals(202, bought.statusCode(), bought.body());
        assertEquals(1, JSON.readTree(bought.body()).get("accepted").asInt(), bought.body());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(1, purchases()));
    }

    @Test
    void serverExposuresNeedNoTokenAndOtherGoalsStayOpenToBrowsers() throws Exception {
        HttpResponse<String> server = post(List.of(exposure("backend-visitor", ",\"source\":\"server\"")), KEY);
        assertEquals(1, JSON.readTree(server.body()).get("accepted").asInt(), server.body());
        HttpResponse<String> browser = post(List.of(
                "{\"type\":\"conversion\",\"goal\":\"signup\",\"visitor\":\"backend-visitor\"}"), null);
        assertEquals(1, JSON.readTree(browser.body()).get("accepted").asInt(), browser.body());
    }

    @Test
    void theGeneratedIngestKeyIsReadableByTheServersUserOnly() throws Exception {
        Path key = tmp.resolve("data").resolve("ingest.key");
        ServerConfig generated = ServerConfig.embedded(tmp.resolve("experiments"), tmp.resolve("data2"));
        MomentumServer other = MomentumServer.start(generated);
        try {
            Path file = tmp.resolve("data2").resolve("ingest.key");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(64, Files.readString(file).trim().length());
        } finally {
            other.stop();
        }
        assertTrue(Files.notExists(key), "a configured key writes no file");
    }

    private JsonNode assignment(String visitor) throws Exception {
        HttpResponse<String> response = http.get("/v1/assign?track=false&visitor=" + visitor);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("assignments").get(0);
    }

    private HttpResponse<String> post(List<String> events, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/events"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[" + String.join(",", events) + "]}"));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request);
    }

    private static String exposure(String visitor, String extra) {
        return "{\"type\":\"exposure\",\"experiment\":\"" + EXPERIMENT + "\",\"visitor\":\"" + visitor + "\"" + extra + "}";
    }

    private static String purchase(String visitor, String extra) {
        return "{\"type\":\"conversion\",\"goal\":\"purchase\",\"visitor\":\"" + visitor + "\"" + extra + "}";
    }

    private JsonNode results() throws Exception {
        return JSON.readTree(http.get("/v1/experiments/" + EXPERIMENT + "/results").body());
    }

    private long exposures() throws Exception {
        long total = 0;
        for (JsonNode variant : results().get("variants")) {
            total += variant.get("exposures").asLong();
        }
        return total;
    }

    private long purchases() throws Exception {
        long total = 0;
        for (JsonNode variant : results().get("variants")) {
            total += variant.get("goals").get("purchase").get("conversions").asLong();
        }
        return total;
    }
}
