package io.momentum.experiment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment API and hot reload, through a real server on embedded stores. */
class ExperimentRoutesIT {
    static final String TOKEN = "test-admin-token";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path experiments;
    static MomentumServer server;
    static TestHttp http;

    @BeforeAll
    static void startServer() throws IOException {
        experiments = Files.createDirectories(tmp.resolve("experiments"));
        for (Path example : CatalogLoader.experimentFiles(ExampleExperimentsTest.EXAMPLES)) {
            Files.copy(example, experiments.resolve(example.getFileName()));
        }
        server = MomentumServer.start(ServerConfig.embedded(experiments, tmp.resolve("data")).toBuilder().adminToken(TOKEN).build());
        http = new TestHttp(server.port());
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    static JsonNode getJson(String path) throws IOException {
        return JSON.readTree(http.get(path).body());
    }

    /** Hot reload is asynchronous: ask until the answer shows the change (or fail with the last answer after 10 s). */
    static JsonNode eventually(String path, Predicate<JsonNode> shows) {
        return await("the change shows on " + path).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> getJson(path), shows);
    }

    @Test
    void listsTheLoadedExperimentsWithTheFlywheel() throws IOException {
        JsonNode body = getJson("/v1/experiments");
        assertTrue(body.get("experiments").size() >= 5, body.toString());
        assertEquals("activation", body.get("flywheel").get("stages").get(0).get("stage").asText());
        assertTrue(body.has("problems"));
    }

    @Test
    void servesOneExperimentInTheShapeOfItsYaml() throws IOException {
        JsonNode hero = getJson("/v1/experiments/pricing-hero-2026q4");
        assertEquals("running", hero.get("status").asText());
        assertEquals("landing_page", hero.get("kind").asText());
        assertEquals("Grow faster, pay less", hero.get("variants").get(1).get("payload").get("headline").asText());
        assertEquals("pricing-hero.yaml", hero.get("source").asText());
        assertEquals(0, hero.get("load_errors").size());
    }

    @Test
    void answersAnUnknownExperimentWithJson404() {
        HttpResponse<String> response = http.get("/v1/experiments/no-such-experiment");
        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("\"code\":\"not_found\""), response.body());
        assertTrue(response.body().contains("no experiment with id \\\"no-such-experiment\\\""), response.body());
    }

    @Test
    void hotReloadServesValidChangesKeepsTheLastGoodVersionAndForgetsDeletedFiles() throws Exception {
        Path file = experiments.resolve("hot.yaml");
        Files.writeString(file, CatalogLoaderTest.experiment("hot-reload", "owner: first\n"));
        eventually("/v1/experiments/hot-reload", body -> "first".equals(body.path("owner").asText()));

        long written = System.nanoTime();
        Files.writeString(file, CatalogLoaderTest.experiment("hot-reload", "owner: second\n"));
        eventually("/v1/experiments/hot-reload", body -> "second".equals(body.path("owner").asText()));
        System.out.println("hot reload: change served " + (System.nanoTime() - written) / 1_000_000 + " ms after the write");

        Files.writeString(file, CatalogLoaderTest.experiment("hot-reload", "owner: third\ncoverage: everyone\n"));
        JsonNode stillServed = eventually("/v1/experiments/hot-reload", body -> body.path("load_errors").size() > 0);
        assertEquals("second", stillServed.get("owner").asText());
        assertEquals("coverage must be a number, found the text \"everyone\"", stillServed.get("load_errors").get(0).get("message").asText());
        JsonNode list = getJson("/v1/experiments");
        assertTrue(list.get("problems").toString().contains(file.toString() + ":12:11: coverage must be a number"), list.toString());

        Files.delete(file);
        eventually("/v1/experiments", body -> !body.get("experiments").toString().contains("hot-reload"));
        assertEquals(404, http.get("/v1/experiments/hot-reload").statusCode());
    }

    @Test
    void adminReloadLoadsChangesAtOnceWithTheRightToken() throws Exception {
        Files.writeString(experiments.resolve("forced.yaml"), CatalogLoaderTest.experiment("forced-reload", ""));
        HttpResponse<String> response = reload("Bearer " + TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(JSON.readTree(response.body()).get("version").asLong() >= 1);
        assertEquals(200, http.get("/v1/experiments/forced-reload").statusCode());
        Files.delete(experiments.resolve("forced.yaml"));
    }

    @Test
    void adminReloadRefusesAMissingOrWrongToken() {
        assertEquals(401, reload(null).statusCode());
        HttpResponse<String> wrong = reload("Bearer not-the-token");
        assertEquals(403, wrong.statusCode());
        assertTrue(wrong.body().contains("\"code\":\"forbidden\""), wrong.body());
    }

    @Test
    void isReadyWhenTheDirectoryIsLoaded() {
        HttpResponse<String> ready = http.get("/ready");
        assertTrue(ready.body().contains("\"experiments\":\"ok\""), ready.body());
    }

    static HttpResponse<String> reload(String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/admin/reload"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request);
    }
}
