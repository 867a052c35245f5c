package io.momentum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.config.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples are tests: every fenced block of README.md runs, verbatim, against a server on the
 * shipped experiments/ with what {@code serve} requires by default (exposure tokens) (or as the CLI it shows), and an example that stops working fails the build. A block
 * that cannot run here says so on the line before its fence: {@code <!-- readme-test: skip: why -->} (the
 * build itself, long load tests) or {@code <!-- readme-test: browser -->} (run by the snippet's browser tests).
 *
 * <p>What a block is decides how it runs: {@code sh} blocks are command lines (a line starting with "{" is the
 * expected output of the command before it; {@code localhost:8080} means the test server); blocks of requests
 * ({@code GET /path}, {@code POST /path body}, or a JSON events batch) are sent and the response after
 * {@code ->} is checked for the first request (its status exactly, its JSON as a subset; a string containing
 * "..." is a placeholder), and every events batch of a block must have all its events accepted; {@code yaml}
 * blocks holding an experiment must pass {@code momentum validate}, an {@code alerts.yaml} (one with {@code destinations:}) must read without problems;
 * {@code json} settings blocks must parse.
 */
class ReadmeExamplesIT {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = REPO.resolve("server/target/momentum.jar");
    private static final Pattern MARKER = Pattern.compile("<!-- readme-test: (skip: .+|browser) -->");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static MomentumServer server;
    private static TestHttp http;

    @BeforeAll
    static void startOnTheShippedExperiments() throws Exception {
        // what `serve` does by default (exposure tokens required), not the relaxed defaults of other tests
        server = MomentumServer.start(ServerConfig.embedded(REPO.resolve("experiments"), tmp.resolve("data")).toBuilder()
                .exposureTokensRequired(true).build());
        http = new TestHttp(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** One fenced block: where it starts, its info string, its lines and the marker before it, if any. */
    record Block(String file, int line, String lang, List<String> lines, String marker) {
        String name() {
            return file + ":" + line + " (" + (lang.isEmpty() ? "text" : lang) + ")";
        }
    }

    static List<Block> blocks(Path markdown) throws IOException {
        List<String> all = Files.readAllLines(markdown, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).startsWith("```")) {
                continue;
            }
            String lang = all.get(i).substring(3).trim();
            Matcher marker = i > 0 ? MARKER.matcher(all.get(i - 1).trim()) : MARKER.matcher("");
            int end = i + 1;
            while (!all.get(end).startsWith("```")) {
                end++;
            }
            blocks.add(new Block(REPO.relativize(markdown).toString(), i + 1, lang, all.subList(i + 1, end),
                    marker.matches() ? marker.group(1) : null));
            i = end;
        }
        return blocks;
    }

    @TestFactory
    Stream<DynamicTest> everyExampleOfTheReadmeWorksVerbatim() throws IOException {
        List<Block> blocks = new ArrayList<>(blocks(REPO.resolve("README.md")));
        blocks.addAll(blocks(REPO.resolve("load-tests/README.md")));
        assertFalse(blocks.isEmpty());
        return blocks.stream().map(block -> DynamicTest.dynamicTest(block.name(), () -> run(block)));
    }

    private void run(Block block) throws Exception {
        if (block.marker() != null) {
            System.out.println("README example " + block.name() + " not run here: " + block.marker());
            return;
        }
        String first = block.lines().isEmpty() ? "" : block.lines().get(0).trim();
        switch (block.lang()) {
            case "sh" -> runShell(block);
            case "yaml" -> validateExperiment(block);
            case "json" -> {
                if (first.startsWith("{\"events\"")) {
                    runRequests(block);
                } else {
                    JSON.readTree(String.join("\n", block.lines()));
                }
            }
            case "" -> runRequests(block);
            default -> fail(block.name() + ": no rule runs a block of this kind; add one or mark it <!-- readme-test: skip: why -->");
        }
    }

    // --- shell ---

    private void runShell(Block block) throws Exception {
        List<String> commands = new ArrayList<>();
        List<StringBuilder> outputs = new ArrayList<>();
        StringBuilder pending = null;
        for (String line : block.lines()) {
            if (pending != null) {
                pending.append(' ').append(line.trim());
                if (!line.endsWith("\\")) {
                    commands.add(unescapeContinuations(pending.toString()));
                    pending = null;
                }
            } else if (line.startsWith("{") && !commands.isEmpty()) {
                outputs.get(commands.size() - 1).append(line).append('\n');
            } else if (!line.isBlank()) {
                if (line.endsWith("\\")) {
                    pending = new StringBuilder(line);
                    outputs.add(new StringBuilder());
                } else {
                    commands.add(line);
                    outputs.add(new StringBuilder());
                }
            }
        }
        for (int i = 0; i < commands.size(); i++) {
            String command = commands.get(i).replace("localhost:8080", "127.0.0.1:" + server.port());
            Process process = new ProcessBuilder("bash", "-c", command).directory(REPO.toFile())
                    .redirectErrorStream(false).start();
            process.getOutputStream().close();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), block.name() + ": " + command + " did not finish");
            assertEquals(0, process.exitValue(), block.name() + ": " + command + " failed:\n" + stdout + stderr);
            String expected = outputs.get(i).toString();
            if (!expected.isBlank()) {
                assertEquals(JSON.readTree(expected), JSON.readTree(stdout), block.name() + ": output of " + command);
            }
        }
    }

    private static String unescapeContinuations(String command) {
        return command.replaceAll("\\\\ +", " ");
    }

    // --- experiments ---

    private void validateExperiment(Block block) throws Exception {
        String text = String.join("\n", block.lines()) + "\n";
        if (text.startsWith("stages:") || text.contains("\nstages:")) {
            // a flywheel.yaml example: it must read without problems
            assertEquals(List.of(), io.momentum.experiment.FlywheelReader.read(text, block.name()).problems(), block.name() + " is not a valid flywheel.yaml");
            return;
        }
        if (text.contains("\ndestinations:") || text.startsWith("destinations:")) {
            // an alerts.yaml example: it must read without problems
            assertEquals(List.of(), io.momentum.experiment.AlertsReader.read(text, block.name()).problems(), block.name() + " is not a valid alerts.yaml");
            return;
        }
        if (!text.contains("\nid:") && !text.startsWith("id:")) {
            // a fragment (e.g. the schema comment): it must still be YAML the loader reads
            assertTrue(block.lines().stream().allMatch(l -> l.isBlank() || l.startsWith("#")), block.name() + " is neither an experiment nor a comment");
            return;
        }
        Path file = Files.createDirectories(tmp.resolve("yaml-" + block.line())).resolve("example.yaml");
        Files.writeString(file, text);
        Process process = new ProcessBuilder("java", "-jar", JAR.toString(), "validate", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), block.name() + " does not validate:\n" + out);
    }

    // --- requests ---

    private void runRequests(Block block) throws Exception {
        List<StringBuilder> requests = new ArrayList<>();
        StringBuilder response = null;
        for (String line : block.lines()) {
            String trimmed = line.trim();
            if (trimmed.startsWith("->")) {
                response = new StringBuilder(trimmed.substring(2).trim());
            } else if (response != null) {
                response.append('\n').append(line);
            } else if (trimmed.startsWith("GET ") || trimmed.startsWith("POST ")) {
                requests.add(new StringBuilder(trimmed));
            } else if (!requests.isEmpty()) {
                requests.get(requests.size() - 1).append('\n').append(line);
            } else if (!trimmed.isEmpty()) {
                // a bare JSON body: the events batch of the Events section
                requests.add(new StringBuilder("POST /v1/events ").append(line));
            }
        }
        assertFalse(requests.isEmpty(), block.name() + " holds no request");
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (StringBuilder request : requests) {
            answers.add(send(request.toString()));
        }
        if (response == null) {
            for (int i = 0; i < answers.size(); i++) {
                assertTrue(answers.get(i).statusCode() < 300, block.name() + ": " + answers.get(i).statusCode() + " " + answers.get(i).body());
                assertEveryEventAccepted(requests.get(i).toString(), answers.get(i), block.name());
            }
            return;
        }
        String expected = response.toString().trim();
        int space = expected.indexOf(' ');
        int status = Integer.parseInt(space < 0 ? expected : expected.substring(0, space));
        HttpResponse<String> answer = answers.get(0);
        assertEquals(status, answer.statusCode(), block.name() + ": " + requests.get(0) + " answered " + answer.body());
        if (space > 0) {
            assertSubset(JSON.readTree(expected.substring(space + 1)), JSON.readTree(answer.body()), "$", block.name());
        }
        for (int i = 1; i < answers.size(); i++) {
            assertTrue(answers.get(i).statusCode() < 300, block.name() + ": " + requests.get(i) + " answered " + answers.get(i).body());
        }
        for (int i = 0; i < answers.size(); i++) {
            assertEveryEventAccepted(requests.get(i).toString(), answers.get(i), block.name());
        }
    }

    /** A 202 may still reject single events: an example batch must have none rejected. */
    private static void assertEveryEventAccepted(String request, HttpResponse<String> answer, String block) throws IOException {
        if (request.startsWith("POST /v1/events") && answer.statusCode() == 202) {
            assertEquals(0, JSON.readTree(answer.body()).path("rejected").size(), block + ": " + request + " answered " + answer.body());
        }
    }

    private HttpResponse<String> send(String request) {
        String trimmed = request.trim();
        int space = trimmed.indexOf(' ');
        String method = trimmed.substring(0, space);
        String rest = trimmed.substring(space + 1).trim();
        int bodyStart = rest.indexOf(' ');
        String path = bodyStart < 0 ? rest : rest.substring(0, bodyStart);
        String body = bodyStart < 0 ? "" : rest.substring(bodyStart + 1).trim();
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        if (method.equals("GET")) {
            return http.send(builder.GET());
        }
        return http.send(builder.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Every field the example shows is in the answer with the same value; a string containing "..." is a placeholder for one value. */
    private static void assertSubset(JsonNode expected, JsonNode actual, String path, String block) {
        if (expected.isTextual() && expected.asText().contains("...")) {
            assertTrue(actual != null && !actual.isMissingNode(), block + ": " + path + " is missing");
            return;
        }
        if (expected.isObject()) {
            assertTrue(actual != null && actual.isObject(), block + ": " + path + " is " + actual);
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                assertSubset(field.getValue(), actual.get(field.getKey()), path + "." + field.getKey(), block);
            }
        } else if (expected.isArray()) {
            assertTrue(actual != null && actual.isArray() && actual.size() == expected.size(),
                    block + ": " + path + " should have " + expected.size() + " items, is " + actual);
            for (int i = 0; i < expected.size(); i++) {
                assertSubset(expected.get(i), actual.get(i), path + "[" + i + "]", block);
            }
        } else {
            assertEquals(expected, actual, block + ": " + path);
        }
    }
}
