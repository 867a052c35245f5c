package io.momentum.analysis;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/analysis} on a real server: results for good requests, JSON 400s for bad ones. */
class AnalysisRoutesIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @TempDir
    static Path tmp;
    private static MomentumServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() throws Exception {
        server = MomentumServer.start(ServerConfig.embedded(Files.createDirectories(tmp.resolve("experiments")), tmp.resolve("data")));
        http = new TestHttp(server.port());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> post(String body) {
        return http.post("/v1/analysis", "application/json", body);
    }

    @Test
    void returnsTheMethodAndItsResult() throws Exception {
        HttpResponse<String> response = post("{\"method\": \"srm_chi_square\", \"inputs\": {\"observed\": [10500, 9500], \"weights\": [1, 1]}}");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{\"method\":\"srm_chi_square\",\"result\":{"), response.body());
        JsonNode body = MAPPER.readTree(response.body());
        assertEquals("srm_chi_square", body.get("method").asText());
        assertEquals(50.0, body.get("result").get("statistic").asDouble(), 1e-9);
        assertEquals(1, body.get("result").get("df").asInt());
        assertTrue(body.get("result").get("p_value").asDouble() < 1e-11);
    }

    @Test
    void rejectsAnUnknownMethodWithAJson400() throws Exception {
        HttpResponse<String> response = post("{\"method\": \"astrology\", \"inputs\": {}}");
        assertEquals(400, response.statusCode());
        JsonNode error = MAPPER.readTree(response.body()).get("error");
        assertEquals("bad_request", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("unknown method \"astrology\""), response.body());
    }

    @Test
    void rejectsBadInputsNamingTheField() throws Exception {
        HttpResponse<String> response = post("{\"method\": \"two_proportion_z_test\", \"inputs\": {\"control\": {\"visitors\": 10, \"conversions\": 12},"
                + " \"treatment\": {\"visitors\": 10, \"conversions\": 1}}}");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("inputs.control: conversions (12) must not exceed visitors (10)"), response.body());
    }

    @Test
    void rejectsMalformedJson() {
        HttpResponse<String> response = post("{\"method\": ");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("the body is not valid JSON at line 1, column 12"), response.body());
    }
}
