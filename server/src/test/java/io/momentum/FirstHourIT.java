package io.momentum;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.config.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user hits first, on the shipped experiments: errors in plain words, API names as documented, a quiet start. */
class FirstHourIT {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String ADMIN = "first-hour-admin";
    /** Words that only mean something to someone who knows the JSON library. */
    private static final List<String> LIBRARY_WORDS = List.of("Jackson", "StreamRead", "REDACTED", "Source:", "getMax", "Exception");

    @TempDir
    static Path tmp;
    private static MomentumServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() throws Exception {
        server = MomentumServer.start(ServerConfig.embedded(REPO.resolve("experiments"), tmp.resolve("data")).toBuilder()
                .adminToken(ADMIN).build());
        http = new TestHttp(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static void assertPlainWords(HttpResponse<String> response) {
        LIBRARY_WORDS.forEach(word -> assertFalse(response.body().contains(word), word + " in " + response.body()));
    }

    @Test
    void malformedJsonSaysWhereAndWhatToSend() {
        for (String path : List.of("/v1/events", "/v1/assign", "/v1/analysis")) {
            HttpResponse<String> response = http.post(path, "application/json", "{\"events\": [oops]}");
            assertEquals(400, response.statusCode(), path);
            assertTrue(response.body().contains("the body is not valid JSON at line 1, column"), response.body());
            assertTrue(response.body().contains("; send "), response.body());
            assertPlainWords(response);
        }
    }

    @Test
    void tooDeepNestingSaysTheLimit() {
        String deep = "{\"events\":" + "[".repeat(65) + "]".repeat(65) + "}";
        HttpResponse<String> response = http.post("/v1/events", "application/json", deep);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("nested deeper than 64 levels"), response.body());
        assertPlainWords(response);
    }

    @Test
    void aBodyTooLargeSaysTheLimitAndWhatToDo() {
        HttpResponse<String> response = http.post("/v1/events", "application/json", "{\"events\":[\"" + "x".repeat(1_100_000) + "\"]}");
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("larger than 1 MB; send fewer events per batch"), response.body());
    }

    @Test
    void curlDashDWithoutAContentTypeIsAcceptedOnAssignAndEventsAlike() {
        String form = "application/x-www-form-urlencoded"; // what curl -d sends
        assertEquals(200, http.post("/v1/assign", form, "{\"visitor\": \"v-7\", \"track\": false}").statusCode());
        HttpResponse<String> events = http.post("/v1/events", form,
                "{\"events\": [{\"type\": \"conversion\", \"visitor\": \"v-7\", \"goal\": \"visit\"}]}");
        assertEquals(202, events.statusCode(), events.body());
        HttpResponse<String> xml = http.post("/v1/assign", "application/xml", "<visitor/>");
        assertEquals(415, xml.statusCode());
        assertEquals(415, http.post("/v1/events", "application/xml", "<events/>").statusCode());
        assertTrue(xml.body().contains("send the body as JSON with Content-Type: application/json"), xml.body());
    }

    @Test
    void stageNamesAreCaseSensitiveAsDocumented() {
        HttpResponse<String> response = http.get("/v1/assign?visitor=v-7&stage=Activation&track=false");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("stage must be one of activation, adoption, adoration, advocacy, was 'Activation'"),
                response.body());
        assertEquals(200, http.get("/v1/assign?visitor=v-7&stage=activation&track=false").statusCode());
    }

    @Test
    void theFlywheelUsesTheDocumentedNameAndKeepsTheOldKey() {
        HttpResponse<String> response = http.get("/v1/flywheel");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"next_stage_p_value\":"), response.body());
        assertTrue(response.body().contains("\"next_stage_pvalue\":"), "the old key stays for one version");
    }

    @Test
    void theConsistencyOfAnUnknownExperimentIsNotFound() {
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/v1/experiments/no-such-experiment/consistency")).header("Authorization", "Bearer " + ADMIN).GET());
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("no experiment with id \\\"no-such-experiment\\\""), unknown.body());
    }

    @Test
    void aVisitorsExposuresAndConversionsCanBeSeen() {
        HttpResponse<String> sent = http.post("/v1/events", "application/json", "{\"events\": ["
                + "{\"type\": \"exposure\", \"visitor\": \"v-1\", \"experiment\": \"pricing-hero-2026q4\", \"id\": \"fh-exposure-1\"},"
                + "{\"type\": \"conversion\", \"visitor\": \"v-1\", \"goal\": \"trial_signup\", \"id\": \"fh-conversion-1\"}]}");
        assertEquals(202, sent.statusCode(), sent.body());
        HttpResponse<String> seen = await("the visitor's events in the MongoDB log").atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/v1/visitors/v-1"), r -> r.body().contains("fh-conversion-1") && r.body().contains("\"goals\":{\"trial_signup\""));
        assertEquals(200, seen.statusCode());
        assertTrue(seen.body().contains("{\"experiment\":\"pricing-hero-2026q4\",\"variant\":\"benefit\""), seen.body());
        assertTrue(seen.body().contains("\"id\":\"fh-exposure-1\",\"type\":\"exposure\""), seen.body());
        assertEquals(400, http.get("/v1/visitors/" + "x".repeat(129)).statusCode());
    }

    @Test
    void aCleanStartLogsNoWarningAndSaysWhereToStart() throws Exception {
        Process process = new ProcessBuilder("java", "-jar", REPO.resolve("server/target/momentum.jar").toString(), "serve",
                "--port", "0", "--host", "127.0.0.1", "--experiments", REPO.resolve("experiments").toString(),
                "--data-dir", tmp.resolve("process-data").toString()).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            String line;
            while (System.nanoTime() < until && (line = out.readLine()) != null) {
                lines.add(line);
                if (line.contains("snippet tag to paste")) {
                    break;
                }
            }
            // the embedded stores finish their setup (indexes, bandit periods) just after listening: read a little longer
            Thread.sleep(3000);
            while (out.ready() && (line = out.readLine()) != null) {
                lines.add(line);
            }
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
        String log = String.join("\n", lines);
        assertTrue(log.contains("snippet tag to paste"), log);
        assertTrue(log.matches("(?s).*dashboard http://127\\.0\\.0\\.1:\\d+/ \\| API document http://127\\.0\\.0\\.1:\\d+/openapi\\.yaml.*"), log);
        assertTrue(log.contains("<script src=\\\"http://127.0.0.1:"), log);
        assertEquals(List.of(), lines.stream().filter(l -> l.contains("\"level\":\"WARN\"") || l.contains("\"level\":\"ERROR\"")).toList());
    }
}
