package io.momentum.tracking;

import static io.momentum.tracking.TrackingFixtures.CTA;
import static io.momentum.tracking.TrackingFixtures.HERO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The channel report ({@code GET /v1/segments}) through the real server: which traffic converts, across all visitors. */
class ChannelReportIT {
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

    /**
     * 100 visitors from Google ads (assigned with raw utm_*), 100 from paid Facebook (the snippet's exposure events) of
     * whom 9 and 2 sign up; 20 of the Google visitors later see a second experiment arriving direct, which does not
     * move them; 3 sign-ups come from visitors never exposed.
     */
    @Test
    void countsEachVisitorOnceInTheirFirstTouchChannel() throws Exception {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            assign("g-" + i, HERO, "{\"utm_source\":\"google\",\"utm_medium\":\"cpc\"}");
            events.add("{\"type\":\"exposure\",\"id\":\"fx" + i + "\",\"visitor\":\"f-" + i + "\",\"experiment\":\"" + HERO
                    + "\",\"attributes\":{\"utm_source\":\"facebook\",\"utm_medium\":\"paid\"}}");
        }
        s.postOk("{\"events\":[" + String.join(",", events) + "]}");
        s.awaitWriter(Duration.ofSeconds(20)); // the Google visitors' first exposure is stored before the later one
        for (int i = 0; i < 20; i++) {
            assign("g-" + i, CTA, "{}");
        }
        List<String> conversions = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            conversions.add(conversion("g-" + i, "cg" + i, 25.0));
        }
        for (int i = 0; i < 2; i++) {
            conversions.add(conversion("f-" + i, "cf" + i, 0));
        }
        for (int i = 0; i < 3; i++) {
            conversions.add(conversion("nobody-" + i, "cn" + i, 0));
        }
        conversions.add(conversion("g-0", "cg-again", 5.0)); // a second conversion: one converter, two conversions
        s.postOk("{\"events\":[" + String.join(",", conversions) + "]}");
        s.awaitWriter(Duration.ofSeconds(20));

        HttpResponse<String> answer = get("/v1/segments?dimension=channel&goal=" + SIGNUP);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode report = JSON.readTree(answer.body());
        assertEquals(200, report.get("visitors").asLong(), answer.body());
        assertEquals(11, report.get("converters").asLong(), answer.body());
        assertEquals(12, report.get("conversions").asLong(), answer.body());
        assertEquals(3, report.get("unattributed_converters").asLong(), answer.body());
        Map<String, long[]> bySegment = new LinkedHashMap<>();
        for (JsonNode segment : report.get("segments")) {
            bySegment.put(segment.get("value").asText(), new long[] {segment.get("visitors").asLong(), segment.get("converters").asLong()});
        }
        assertEquals(List.of("paid_search", "paid_social"), List.copyOf(bySegment.keySet()), answer.body());
        assertEquals(List.of(100L, 9L), List.of(bySegment.get("paid_search")[0], bySegment.get("paid_search")[1]));
        assertEquals(List.of(100L, 2L), List.of(bySegment.get("paid_social")[0], bySegment.get("paid_social")[1]));
        JsonNode google = report.get("segments").get(0);
        assertEquals(0.09, google.get("rate").asDouble(), 1e-12);
        assertEquals(0.048072540002565146, google.get("ci_rate").get(0).asDouble(), 1e-12); // scipy binomtest(9, 100) wilson
        assertEquals(230.0, google.get("value_sum").asDouble(), 1e-9);

        HttpResponse<String> home = get("/");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("Which traffic converts"), home.body());
        assertTrue(home.body().contains("<tr data-segment=\"paid_search\"><td>paid_search</td><td class=\"num\">100</td>"), home.body());
    }

    @Test
    void defaultsToTheChannelOfTheActivationGoal() throws Exception {
        JsonNode report = JSON.readTree(get("/v1/segments").body());

        assertEquals("channel", report.get("dimension").asText());
        assertEquals("trial_signup", report.get("goal").asText());
        assertEquals(0, report.get("visitors").asLong());
    }

    @Test
    void refusesAnUnknownDimensionNamingTheConfiguredOnes() {
        HttpResponse<String> answer = get("/v1/segments?dimension=planet");

        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("channel, device, visitor_type, country, utm_campaign"), answer.body());
        assertEquals(400, get("/?dimension=planet").statusCode());
    }

    @Test
    void refusesAGoalThatIsNoGoalName() {
        HttpResponse<String> answer = get("/v1/segments?goal=%3Cscript%3E");

        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("goal must be a goal name"), answer.body());
    }

    private void assign(String visitor, String experiment, String attributes) {
        HttpResponse<String> answer = s.http.post("/v1/assign", "application/json",
                "{\"visitor\":\"" + visitor + "\",\"experiments\":[\"" + experiment + "\"],\"attributes\":" + attributes + "}");
        assertEquals(200, answer.statusCode(), answer.body());
    }

    private static String conversion(String visitor, String id, double value) {
        return "{\"type\":\"conversion\",\"id\":\"" + id + "\",\"visitor\":\"" + visitor + "\",\"goal\":\"" + SIGNUP + "\""
                + (value > 0 ? ",\"value\":" + value : "") + "}";
    }

    private HttpResponse<String> get(String path) {
        return s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.server.port() + path))
                .header("Authorization", "Bearer " + TrackingServer.ADMIN_TOKEN).GET());
    }
}
