package io.momentum.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment directory is damaged while serving: the last good definitions keep serving assignments. */
class CorruptedExperimentsIT {
    private static final List<String> VISITORS = IntStream.range(0, 50).mapToObj(i -> "visitor-" + i).toList();

    @TempDir
    Path tmp;
    private MomentumServer server;
    private TestHttp http;
    private Path experiments;

    @BeforeEach
    void start() {
        server = HostileServer.start(tmp);
        http = new TestHttp(server.port());
        experiments = tmp.resolve("experiments");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** One way of damaging the directory. */
    interface Damage {
        void apply(Path directory) throws IOException;
    }

    @Test
    void lastGoodDefinitionsKeepServingWhateverHappensToTheFiles() throws Exception {
        Map<String, Damage> damages = new LinkedHashMap<>();
        damages.put("garbage bytes", dir -> overwriteAll(dir, new byte[] {(byte) 0xff, 0, 0x1b, '{', '[', ':', '\n', '-', '-'}));
        damages.put("truncated halfway", dir -> forEachYaml(dir, f -> Files.write(f, half(Files.readAllBytes(f)))));
        damages.put("emptied", dir -> overwriteAll(dir, new byte[0]));
        damages.put("valid YAML, wrong shape", dir -> overwriteAll(dir, "id: [1, 2]\nvariants: 7\n".getBytes(StandardCharsets.UTF_8)));
        damages.put("directory deleted", CorruptedExperimentsIT::deleteTree);

        Map<String, String> before = assignments();
        String catalogBefore = experimentIds();
        for (Map.Entry<String, Damage> damage : damages.entrySet()) {
            Path backup = Files.createTempDirectory(tmp, "backup");
            copyTree(experiments, backup);
            damage.getValue().apply(experiments);
            HttpResponse<String> reload = reload();
            assertEquals(200, reload.statusCode(), damage.getKey() + ": " + reload.body());
            assertEquals(before, assignments(), damage.getKey() + ": assignments changed");
            assertEquals(catalogBefore, experimentIds(), damage.getKey() + ": experiments disappeared");
            System.out.printf("corrupted experiments (%s): %d visitors keep their assignments; reload answered %s%n",
                    damage.getKey(), VISITORS.size(), reload.body().substring(0, Math.min(160, reload.body().length())));
            deleteTree(experiments);
            copyTree(backup, experiments);
        }
    }

    private Map<String, String> assignments() {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String visitor : VISITORS) {
            HttpResponse<String> response = http.get("/v1/assign?visitor=" + visitor + "&url=/pricing&attr.country=US&track=false");
            assertEquals(200, response.statusCode(), response.body());
            // the exposure token carries its issue time, so it differs between two calls; the assignment may not
            answers.put(visitor, response.body().replaceAll(",\"token\":\"[^\"]*\"", ""));
        }
        assertTrue(answers.values().stream().anyMatch(a -> a.contains("\"variant\"")), "nobody was assigned at all");
        return answers;
    }

    private String experimentIds() throws IOException {
        HttpResponse<String> response = http.get("/v1/experiments");
        assertEquals(200, response.statusCode());
        List<String> ids = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("experiments")
                .findValuesAsText("id");
        return String.join(",", ids);
    }

    private HttpResponse<String> reload() {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/admin/reload"))
                .header("Authorization", "Bearer " + HostileServer.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static byte[] half(byte[] bytes) {
        return java.util.Arrays.copyOf(bytes, bytes.length / 2);
    }

    private static void overwriteAll(Path dir, byte[] content) throws IOException {
        forEachYaml(dir, f -> Files.write(f, content));
    }

    /** A file action that may fail. */
    interface FileAction {
        void apply(Path file) throws IOException;
    }

    private static void forEachYaml(Path dir, FileAction action) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                action.apply(file);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        forEachYaml(from, f -> Files.copy(f, to.resolve(f.getFileName())));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
