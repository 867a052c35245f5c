package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.TestHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints how long {@code GET /v1/segments} takes on the embedded stores for 20,000 first-touch visitors over 10
 * channels, 5 % of them converted (the report reads both collections in full each time it is not cached). Not in the
 * default suites (its name ends in Benchmark): {@code mvn -pl server test -Dtest=ChannelReportBenchmark}.
 */
class ChannelReportBenchmark {
    private static final int VISITORS_PER_CHANNEL = 2_000;
    private static final List<String> CHANNELS = List.of("paid_search", "organic_search", "paid_social", "organic_social", "email",
            "referral", "affiliate", "display", "direct", "(none)");

    @TempDir
    Path tmp;

    @Test
    void printsTheReportTimeFor20000Visitors() throws Exception {
        try (SeededServer server = SeededServer.start(tmp, Map.of())) {
            Instant at = Instant.now().minus(1, ChronoUnit.DAYS);
            long seeding = System.nanoTime();
            for (String channel : CHANNELS) {
                server.channelVisitors("old-test", channel, at, VISITORS_PER_CHANNEL, VISITORS_PER_CHANNEL / 20, "trial_signup");
            }
            System.out.printf("seeded %,d visitors in %.1f s%n", CHANNELS.size() * VISITORS_PER_CHANNEL, (System.nanoTime() - seeding) / 1e9);
            TestHttp http = new TestHttp(server.port());
            // a new goal each call: the service keeps each (dimension, goal) answer for 10 s
            for (String goal : List.of("trial_signup", "signup_b", "signup_c", "signup_d", "signup_e", "trial_signup")) {
                long start = System.nanoTime();
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.port() + "/v1/segments?dimension=channel&goal=" + goal)).GET());
                double ms = (System.nanoTime() - start) / 1e6;
                assertEquals(200, answer.statusCode(), answer.body());
                assertEquals(CHANNELS.size() * VISITORS_PER_CHANNEL, new ObjectMapper().readTree(answer.body()).get("visitors").asInt());
                System.out.printf("GET /v1/segments goal=%s: %.1f ms%n", goal, ms);
            }
        }
    }
}
