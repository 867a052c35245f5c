package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events through the real API (/v1/events, attributed by the assignment engine) show up in the results. */
class ResultsEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void countsExposuresGoalsAndDownstreamEventsSentThroughTheApi() throws Exception {
        try (SeededServer server = SeededServer.start(tmp, Map.of("e2e.yaml", SeededServer.landingPage("e2e", "End to end", "running", "")))) {
            TestHttp http = new TestHttp(server.port());
            StringBuilder events = new StringBuilder("{\"events\":[");
            for (int i = 0; i < 200; i++) {
                events.append(i == 0 ? "" : ",").append("{\"type\":\"exposure\",\"visitor\":\"v-").append(i).append("\",\"experiment\":\"e2e\"}");
                if (i % 4 == 0) {
                    events.append(",{\"type\":\"conversion\",\"visitor\":\"v-").append(i).append("\",\"goal\":\"trial_signup\"}");
                }
                if (i % 10 == 0) {
                    events.append(",{\"type\":\"conversion\",\"visitor\":\"v-").append(i).append("\",\"goal\":\"upgrade\"}");
                }
            }
            HttpResponse<String> accepted = http.post("/v1/events", "application/json", events.append("]}").toString());
            assertEquals(202, accepted.statusCode(), accepted.body());
            assertEquals(0, JSON.readTree(accepted.body()).get("rejected").size(), accepted.body());

            JsonNode variants = JSON.readTree(http.get("/v1/experiments/e2e/results").body()).get("variants");
            long exposures = 0;
            long signups = 0;
            long upgrades = 0;
            for (JsonNode v : variants) {
                exposures += v.get("exposures").asLong();
                signups += v.get("goals").get("trial_signup").get("converters").asLong();
                upgrades += v.get("goals").get("upgrade").get("converters").asLong();
                assertEquals("downstream", v.get("goals").get("upgrade").get("role").asText());
            }
            assertEquals(200, exposures);
            assertEquals(50, signups);
            assertEquals(20, upgrades, "the next stage's converted event is counted for the experiment");
        }
    }
}
