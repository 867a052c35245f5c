package io.momentum.experiment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.TestHttp;
import io.momentum.reporting.SeededServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduled experiment through the real server and clock: nobody before start, everyone between start and end,
 * nobody after end; events outside the schedule are rejected and not counted; the results say when it ended.
 */
class ScheduleIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void startAndEndTakeEffectOnAssignmentCountingAndResults() throws Exception {
        try (SeededServer server = SeededServer.start(tmp, Map.of("other.yaml", SeededServer.landingPage("other", "Other", "running", "")))) {
            TestHttp http = new TestHttp(server.port());
            Instant start = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
            Instant end = start.plusSeconds(8);
            Files.writeString(tmp.resolve("experiments").resolve("timed.yaml"), SeededServer.landingPage("timed", "Timed", "running",
                    "start: " + start + "\nend: " + end + "\n"));
            await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/v1/experiments/timed").statusCode() == 200);

            assertTrue(Instant.now().isBefore(start.minusSeconds(2)), "the machine was too slow to check before the start");
            assertEquals(0, assigned(http, 20), "before start");
            assertEquals("experiment \"timed\" starts at " + start, rejection(http, exposure("early")));

            await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().isAfter(start));
            assertEquals(20, assigned(http, 20), "between start and end");
            assertEquals(0, post(http, exposure("v-1") + "," + conversion("v-1")).get("rejected").size());
            assertEquals(1, exposures(http));

            await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().isAfter(end));
            assertEquals(0, assigned(http, 20), "after end");
            assertEquals("experiment \"timed\" ended at " + end, rejection(http, exposure("late")));
            post(http, conversion("v-1"));

            JsonNode results = JSON.readTree(http.get("/v1/experiments/timed/results").body());
            assertEquals(end.toString(), results.get("ended_at").asText(), results.toString());
            assertEquals(end.toString(), Instant.parse(results.get("computed_at").asText()).toString(), "frozen at the end");
            assertTrue(results.get("decision").get("reasons").get(0).asText().startsWith("ended at " + end), results.toString());
            assertEquals(1, exposures(http), "nothing after the end is counted");
            long converters = 0;
            for (JsonNode v : results.get("variants")) {
                converters += v.get("goals").get("trial_signup").get("converters").asLong();
            }
            assertEquals(1, converters, "the conversion after the end is not counted for the experiment");
        }
    }

    private static int assigned(TestHttp http, int visitors) throws Exception {
        int n = 0;
        for (int i = 0; i < visitors; i++) {
            JsonNode body = JSON.readTree(http.get("/v1/assign?visitor=s-" + i + "&experiments=timed&track=false").body());
            n += body.get("assignments").size();
        }
        return n;
    }

    private static String exposure(String visitor) {
        return "{\"type\":\"exposure\",\"visitor\":\"" + visitor + "\",\"experiment\":\"timed\"}";
    }

    private static String conversion(String visitor) {
        return "{\"type\":\"conversion\",\"visitor\":\"" + visitor + "\",\"goal\":\"trial_signup\"}";
    }

    private static JsonNode post(TestHttp http, String events) throws Exception {
        var response = http.post("/v1/events", "application/json", "{\"events\":[" + events + "]}");
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    /** A batch whose only event is rejected is answered 400 with the reason in the details. */
    private static String rejection(TestHttp http, String event) throws Exception {
        var response = http.post("/v1/events", "application/json", "{\"events\":[" + event + "]}");
        assertEquals(400, response.statusCode(), response.body());
        JsonNode details = JSON.readTree(response.body()).get("error").get("details");
        assertEquals(1, details.size(), details.toString());
        return details.get(0).get("error").asText();
    }

    private static long exposures(TestHttp http) throws Exception {
        long n = 0;
        for (JsonNode v : JSON.readTree(http.get("/v1/experiments/timed/results").body()).get("variants")) {
            n += v.get("exposures").asLong();
        }
        return n;
    }
}
