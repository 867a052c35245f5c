package io.momentum.audit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.TestHttp;
import io.momentum.reporting.SeededServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail on a real server over a git work tree: an edited (committed) and a rejected file appear in
 * GET /v1/experiments/{id}/history with their diffs and commit; a restart records nothing twice.
 */
class HistoryIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void editedAndRejectedFilesAppearWithDiffsAndCommitsAndARestartAddsNothing() throws Exception {
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        String v1 = SeededServer.landingPage("hero", "Hero", "running", "");
        Files.writeString(experiments.resolve("hero.yaml"), v1);
        git(experiments, "init", "-q");
        git(experiments, "add", "hero.yaml");
        git(experiments, "-c", "user.name=Mia Marketer", "-c", "user.email=mia@example.com", "commit", "-q", "-m", "hero");

        String v2 = v1.replace("name: Hero", "name: Hero banner");
        try (SeededServer server = SeededServer.start(tmp, Map.of())) {
            TestHttp http = new TestHttp(server.port());
            await().atMost(Duration.ofSeconds(10)).until(() -> changes(http).size() == 1);
            JsonNode created = changes(http).get(0);
            assertEquals("created", created.get("kind").asText());
            assertEquals("Mia Marketer <mia@example.com>", created.get("author").asText());
            assertFalse(created.get("uncommitted").asBoolean());

            Files.writeString(experiments.resolve("hero.yaml"), v2);
            git(experiments, "-c", "user.name=Mia Marketer", "-c", "user.email=mia@example.com", "commit", "-q", "-am", "rename");
            await().atMost(Duration.ofSeconds(10)).until(() -> changes(http).size() == 2);
            JsonNode edited = changes(http).get(0);
            assertEquals("changed", edited.get("kind").asText());
            assertTrue(edited.get("diff").asText().contains("-name: Hero\n+name: Hero banner\n"), edited.toString());
            assertEquals(git(experiments, "rev-parse", "HEAD").get(0), edited.get("commit").asText());

            Files.writeString(experiments.resolve("hero.yaml"), v2.replace("status: running", "status: runing"));
            await().atMost(Duration.ofSeconds(10)).until(() -> changes(http).size() == 3);
            JsonNode rejected = changes(http).get(0);
            assertEquals("rejected", rejected.get("kind").asText());
            assertTrue(rejected.get("diff").asText().contains("-status: running\n+status: runing\n"), rejected.toString());
            assertTrue(rejected.get("problems").get(0).asText().startsWith("hero.yaml:5:"), rejected.toString());
            assertTrue(rejected.get("uncommitted").asBoolean(), "the broken edit is not committed");
            assertTrue(rejected.get("version").asLong() > edited.get("version").asLong());
        }
        try (SeededServer restarted = SeededServer.start(tmp, Map.of())) {
            TestHttp http = new TestHttp(restarted.port());
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> http.get("/v1/experiments/hero/history").statusCode() == 200);
            assertEquals(3, changes(http).size(), "a restart over the same files records nothing again");
            assertEquals(404, http.get("/v1/experiments/nope/history").statusCode());
        }
    }

    private static JsonNode changes(TestHttp http) throws Exception {
        var response = http.get("/v1/experiments/hero/history");
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("changes");
    }

    private static List<String> git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0, "git " + List.of(args) + ": " + out);
        return out.lines().toList();
    }
}
