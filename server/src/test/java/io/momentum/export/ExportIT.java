package io.momentum.export;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.TestHttp;
import io.momentum.reporting.SeededServer;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exports on a real server: CSV equal to the JSON results, events paged out of MongoDB as NDJSON. */
class ExportIT {
    private static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final int EXPOSURES = 120;

    @TempDir
    static Path tmp;
    static SeededServer server;
    static TestHttp http;

    @BeforeAll
    static void start() throws Exception {
        server = SeededServer.start(tmp, Map.of("hero.yaml", SeededServer.landingPage("hero", "Hero", "running", ""),
                "other.yaml", SeededServer.landingPage("other", "Other", "running", "")));
        http = new TestHttp(server.port());
        StringBuilder events = new StringBuilder("{\"events\":[");
        for (int i = 0; i < EXPOSURES; i++) {
            events.append(i == 0 ? "" : ",").append("{\"type\":\"exposure\",\"visitor\":\"v-").append(i).append("\",\"experiment\":\"hero\"}");
            if (i % 3 == 0) {
                events.append(",{\"type\":\"conversion\",\"visitor\":\"v-").append(i).append("\",\"goal\":\"trial_signup\",\"value\":12.34}");
            }
            events.append(",{\"type\":\"exposure\",\"visitor\":\"o-").append(i).append("\",\"experiment\":\"other\"}");
        }
        events.append(",{\"type\":\"conversion\",\"visitor\":\"x\",\"goal\":\"not_a_goal_of_hero\"}");
        HttpResponse<String> accepted = http.post("/v1/events", "application/json", events.append("]}").toString());
        assertEquals(202, accepted.statusCode(), accepted.body());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theCsvHasTheJsonResultsNumbersToTheLastDigit() throws Exception {
        JsonNode json = EXACT.readTree(http.get("/v1/experiments/hero/results").body());
        HttpResponse<String> csv = http.get("/v1/experiments/hero/results.csv");
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        List<Map<String, String>> rows = ResultsCsvTest.rows(csv.body());
        int cells = 0;
        for (Map<String, String> row : rows) {
            for (JsonNode variant : json.get("variants")) {
                if (!variant.get("key").asText().equals(row.get("variant"))) {
                    continue;
                }
                assertEquals(variant.get("exposures").asText(), row.get("exposures"));
                var fields = variant.get("goals").get(row.get("goal")).fields();
                while (fields.hasNext()) {
                    var field = fields.next();
                    if (field.getValue().isNumber()) {
                        assertEquals(0, field.getValue().decimalValue().compareTo(new BigDecimal(row.get(field.getKey()))),
                                row.get("variant") + " " + row.get("goal") + " " + field.getKey());
                        cells++;
                    }
                }
            }
        }
        assertEquals(json.get("variants").size() * json.get("variants").get(0).get("goals").size(), rows.size());
        assertTrue(cells > 10, "compared " + cells + " numbers");
    }

    @Test
    void eventsArePagedAsNdjsonWithACursorAndHoldOnlyTheExperimentsEvents() throws Exception {
        int expected = EXPOSURES + EXPOSURES / 3;
        await().atMost(Duration.ofSeconds(20)).until(() -> lines(http.get("/v1/experiments/hero/events?limit=10000")).size() == expected);

        Set<String> ids = new HashSet<>();
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> page = http.get("/v1/experiments/hero/events?limit=50" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("application/x-ndjson"));
            List<JsonNode> lines = lines(page);
            assertTrue(lines.size() <= 50);
            lines.forEach(line -> assertTrue(ids.add(line.get("id").asText()), "no event twice: " + line));
            all.addAll(lines);
            cursor = page.headers().firstValue("x-next-cursor").orElse(null);
            pages++;
        } while (cursor != null);
        assertEquals(expected, all.size());
        assertEquals((expected + 49) / 50, pages);
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).get("at").asText().compareTo(all.get(i).get("at").asText()) <= 0, "in time order");
        }
        for (JsonNode event : all) {
            boolean exposure = event.get("type").asText().equals("exposure") && event.get("experiment").asText().equals("hero");
            boolean signup = event.get("type").asText().equals("conversion") && event.get("goal").asText().equals("trial_signup");
            assertTrue(exposure || signup, event.toString());
            if (signup) {
                assertEquals(1234, event.get("value").asLong(), "value in minor units, as logged");
            }
        }
    }

    @Test
    void aWindowOutsideTheEventsIsEmptyAndBadParametersAre400() {
        assertEquals(List.of(), lines(http.get("/v1/experiments/hero/events?from=2020-01-01&to=2020-01-02")));
        assertEquals(400, http.get("/v1/experiments/hero/events?from=yesterday").statusCode());
        assertEquals(400, http.get("/v1/experiments/hero/events?limit=0").statusCode());
        assertEquals(400, http.get("/v1/experiments/hero/events?cursor=%21%21").statusCode());
        assertEquals(400, http.get("/v1/experiments/hero/events?from=2026-01-02&to=2026-01-01").statusCode());
        assertEquals(404, http.get("/v1/experiments/nope/events").statusCode());
        assertEquals(404, http.get("/v1/experiments/nope/results.csv").statusCode());
    }

    private static List<JsonNode> lines(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return response.body().lines().filter(line -> !line.isBlank()).map(line -> {
            try {
                return EXACT.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }).toList();
    }
}
