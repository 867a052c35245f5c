package io.momentum.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.MomentumServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated hostile requests against a real server: every answer is 2xx, or 4xx with the
 * JSON error envelope; never 5xx, never a non-JSON error, never a hang; the server stays healthy.
 * Seeded, so a failure replays.
 */
class HttpFuzzIT {
    private static final long SEED = 20261123L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Routes the server mounts (and those that will be mounted: they must answer JSON 404 until then). */
    private static final List<String> GET_TARGETS = List.of(
            "/v1/assign?visitor=v-1&url=/pricing&attr.country=US", "/v1/experiments",
            "/v1/experiments/pricing-hero-2026q4", "/v1/experiments/pricing-hero-2026q4/results",
            "/v1/experiments/pricing-hero-2026q4/consistency", "/v1/flywheel", "/health", "/ready", "/metrics",
            "/openapi.yaml", "/", "/sdk/momentum.js", "/v1/events", "/v1/analysis", "/v1/admin/reload");
    private static final Map<String, String> POST_BODIES = Map.of(
            "/v1/assign", "{\"visitor\":\"v-1\",\"url\":\"/pricing\",\"attributes\":{\"country\":\"US\"},\"stage\":\"activation\"}",
            "/v1/events", "{\"events\":[{\"type\":\"exposure\",\"visitor\":\"v-1\",\"experiment\":\"homepage-aa\",\"id\":\"ID\"},"
                    + "{\"type\":\"conversion\",\"visitor\":\"v-1\",\"goal\":\"trial_signup\",\"value\":49.9,\"id\":\"ID2\"}]}",
            "/v1/analysis", "{\"method\":\"two_proportion_z_test\",\"inputs\":{\"control\":{\"visitors\":1000,\"conversions\":100},"
                    + "\"treatment\":{\"visitors\":1000,\"conversions\":120},\"alpha\":0.05}}",
            "/v1/admin/reload", "{}");
    private static final List<String> OPERATORS = List.of(
            "{\"$gt\":\"\"}", "{\"$where\":\"sleep(1000)\"}", "{\"$ne\":null}", "{\"$regex\":\".*\"}", "[\"$gt\"]",
            "\"$where\"", "\"*\"", "\"a*\"", "\"{x}\"", "\"\\r\\nDEL momentum:*\"", "\"..\"", "{\"__proto__\":{\"x\":1}}",
            "\"momentum:*\"", "1e309", "-0", "true", "null", "[]", "{}");
    private static final List<String> ODD_STRINGS = List.of(
            "\u202eevil", "\uD835\uDD4F", "\uFEFFbom", "zero\u200bwidth", "e\u0301".repeat(500), "\u0000nul",
            "\\ud800", "\\udfff\\ud800", "日本語", "😀".repeat(300), "\u2028\u2029", "\u00ff\u00fe", "A".repeat(5000),
            "<script>alert(1)</script>", "' OR 1=1 --", "%00", "\u0007bell");
    private static final List<String> TRAVERSALS = List.of(
            "/../../etc/passwd", "/v1/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/sdk/..%2f..%2fetc/passwd",
            "/sdk/%2e%2e/%2e%2e/pom.xml", "/sdk/..%2f..%2f..%2fpom.xml", "/v1/experiments/..%2f..%2fpom.xml",
            "/v1/experiments/../../..", "//etc/passwd", "/sdk/....//....//etc/passwd", "/..\\..\\windows\\win.ini",
            "/sdk/%252e%252e/%252e%252e/etc/passwd", "/v1/experiments/%2e%2e", "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
            "/sdk/momentum.js/../../../etc/passwd", "/sdk/%2e%2e%5c%2e%2e%5cetc%5cpasswd", "/./././health/../../..",
            "/v1/experiments/..;/..;/etc/passwd", "/sdk/..%00/etc/passwd", "/%2f%2f%2fetc/passwd");
    private static final List<String> METHODS = List.of(
            "FOO", "PROPFIND", "TRACE", "CONNECT", "PUT", "DELETE", "PATCH", "OPTIONS", "get", "G\tET",
            "M".repeat(200), "GET\u0000", "MKCOL", "PRI", "BREW", "HEAD");

    @TempDir
    Path tmp;
    private MomentumServer server;
    private RawHttp http;
    private final Random random = new Random(SEED);

    @BeforeEach
    void start() {
        server = HostileServer.start(tmp);
        http = new RawHttp(server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** One generated request and the category it belongs to. */
    record Case(String category, String description, byte[] bytes) {
    }

    @Test
    void everyHostileRequestGetsA2xxOr4xxJsonAnswerAndTheServerStaysHealthy() throws Exception {
        String assignmentBefore = ordinaryAssignment();
        List<Case> cases = new ArrayList<>();
        cases.addAll(malformedJson(400));
        cases.addAll(wrongContentTypes(200));
        cases.addAll(hugeHeaders(60));
        cases.addAll(hugeBodies(40));
        cases.addAll(deepNesting(80));
        cases.addAll(invalidUtf8(300));
        cases.addAll(nulBytes(200));
        cases.addAll(pathTraversal());
        cases.addAll(operatorObjects());
        cases.addAll(unicodeOddities());
        cases.addAll(longQueryStrings(60));
        cases.addAll(unknownMethods());
        cases.addAll(randomMutations(1200));

        List<String> failures = new ArrayList<>();
        Map<String, int[]> perCategory = new LinkedHashMap<>();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> verdicts = new ArrayList<>();
            for (Case c : cases) {
                verdicts.add(pool.submit(() -> verdict(c)));
            }
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                String verdict = verdicts.get(i).get();
                int[] counts = perCategory.computeIfAbsent(c.category(), k -> new int[2]);
                counts[0]++;
                if (verdict != null) {
                    counts[1]++;
                    failures.add(c.category() + " / " + c.description() + ": " + verdict);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("HTTP fuzz: %d requests in %d ms (seed %d)%n", cases.size(), ms, SEED);
        perCategory.forEach((category, counts) ->
                System.out.printf("  %-20s %5d sent, %d failed%n", category, counts[0], counts[1]));
        failures.stream().limit(200).forEach(f -> System.out.println("  FAIL " + f));

        assertTrue(failures.isEmpty(), failures.size() + " bad answers, first: " + failures.stream().limit(5).toList());
        assertEquals(200, http.send(get("/health", Map.of())).status());
        // the exposure token carries its issue time, so it differs between two calls; the assignment may not
        assertEquals(withoutTokens(assignmentBefore), withoutTokens(ordinaryAssignment()), "an ordinary assignment changed after the fuzz");
    }

    private static String withoutTokens(String assignment) {
        return assignment.replaceAll(",\"token\":\"[^\"]*\"", "");
    }

    private String ordinaryAssignment() throws IOException {
        RawHttp.Response assign = http.send(get("/v1/assign?visitor=v-42&url=/pricing&attr.country=US", Map.of()));
        assertEquals(200, assign.status(), assign.text());
        assertTrue(MAPPER.readTree(assign.body()).get("assignments").size() > 0, assign.text());
        return assign.text();
    }

    /** Null when the answer is acceptable, otherwise what is wrong with it. */
    private String verdict(Case c) {
        RawHttp.Response response;
        try {
            response = http.send(c.bytes());
        } catch (RawHttp.Hang e) {
            return "hang: " + e.getMessage();
        } catch (IOException e) {
            return "I/O error: " + e;
        }
        int status = response.status();
        String firstLine = new String(c.bytes(), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        if (!firstLine.matches(".* HTTP/1\\.[01]") && (status == -1 || status == 501 || status == 505)) {
            // Not HTTP/1.x at all: Vert.x answers 501 with an empty body and closes before any handler runs
            // (RFC 9110 wants 505 for an unsupported version; either way a protocol-level refusal, not a crash).
            return null;
        }
        if (status < 200 || status >= 500) {
            return "status " + status + " " + abbreviate(response.text());
        }
        if (response.text().contains("root:x:0:0")) {
            return "served /etc/passwd";
        }
        if (status < 400) {
            return null;
        }
        String type = String.valueOf(response.header("content-type"));
        if (!type.startsWith("application/json")) {
            return "status " + status + " with content-type " + type + ": " + abbreviate(response.text());
        }
        if (new String(c.bytes(), 0, 5, StandardCharsets.ISO_8859_1).startsWith("HEAD ")) {
            return null;
        }
        try {
            JsonNode body = MAPPER.readTree(response.body());
            return body.path("error").path("code").isTextual() && body.path("error").path("message").isTextual()
                    ? null : "status " + status + " without the error envelope: " + abbreviate(response.text());
        } catch (IOException e) {
            return "status " + status + " with unparseable JSON: " + abbreviate(response.text());
        }
    }

    // ---- generators -------------------------------------------------------------------------------

    private List<Case> malformedJson(int n) {
        List<Case> cases = new ArrayList<>();
        List<String> routes = List.copyOf(POST_BODIES.keySet());
        for (int i = 0; i < n; i++) {
            String route = routes.get(i % routes.size());
            String valid = body(route);
            String broken = switch (i % 8) {
                case 0 -> valid.substring(0, random.nextInt(valid.length()));
                case 1 -> valid.replace(":", "");
                case 2 -> valid + "}}}";
                case 3 -> valid.replace("\"", "'");
                case 4 -> valid.replaceFirst(",", ",,");
                case 5 -> "{\"visitor\": NaN, \"x\": Infinity}";
                case 6 -> valid + valid;
                default -> flip(valid);
            };
            cases.add(new Case("malformed-json", route + " " + abbreviate(broken), post(route, "application/json", broken)));
        }
        return cases;
    }

    private List<Case> wrongContentTypes(int n) {
        List<String> types = List.of("text/plain", "text/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz", "application/octet-stream", "image/png", "application/json; charset=utf-16",
                "garbage", "application/json; charset=nope", "", ";;;", "text/html; charset=\"\u00ff\"");
        List<String> routes = List.copyOf(POST_BODIES.keySet());
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String route = routes.get(i % routes.size());
            String type = types.get(random.nextInt(types.size()));
            String body = random.nextBoolean() ? body(route) : "--xyz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\nabc\r\n--xyz--";
            cases.add(new Case("wrong-content-type", route + " " + type, post(route, type, body)));
        }
        return cases;
    }

    private List<Case> hugeHeaders(int n) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String target = target(i);
            Map<String, String> headers = new LinkedHashMap<>();
            switch (i % 4) {
                case 0 -> headers.put("X-Big", "a".repeat(17_000 + random.nextInt(50_000)));
                case 1 -> {
                    for (int h = 0; h < 400; h++) {
                        headers.put("X-H" + h, "v".repeat(60));
                    }
                }
                case 2 -> headers.put("Cookie", "c=" + "z".repeat(12_000));
                default -> headers.put("Authorization", "Bearer " + "t".repeat(20_000));
            }
            cases.add(new Case("huge-headers", target + " case " + (i % 4), RawHttp.request("GET", target, headers, null)));
        }
        return cases;
    }

    private List<Case> hugeBodies(int n) {
        List<String> routes = List.copyOf(POST_BODIES.keySet());
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String route = routes.get(i % routes.size());
            byte[] request = switch (i % 3) {
                case 0 -> post(route, "application/json", "{\"visitor\":\"" + "x".repeat(1_100_000) + "\"}");
                case 1 -> RawHttp.request("POST", route, Map.of("Content-Type", "application/json",
                        "Content-Length", "1099511627776"), null);
                default -> chunkedBody(route, 1_200_000);
            };
            cases.add(new Case("huge-body", route + " case " + (i % 3), request));
        }
        return cases;
    }

    private List<Case> deepNesting(int n) {
        List<String> routes = List.copyOf(POST_BODIES.keySet());
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String route = routes.get(i % routes.size());
            int depth = 10_000 + random.nextInt(5_000);
            String body = switch (i % 4) {
                case 0 -> "[".repeat(depth);
                case 1 -> "[".repeat(depth) + "]".repeat(depth);
                case 2 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                default -> "{\"visitor\":\"v\",\"attributes\":" + "{\"x\":".repeat(depth) + "1" + "}".repeat(depth + 1);
            };
            cases.add(new Case("deep-nesting", route + " depth " + depth + " case " + (i % 4), post(route, "application/json", body)));
        }
        return cases;
    }

    private List<Case> invalidUtf8(int n) {
        byte[][] bad = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xe2, (byte) 0x28, (byte) 0xa1}};
        List<String> routes = List.copyOf(POST_BODIES.keySet());
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] seq = bad[random.nextInt(bad.length)];
            String route = routes.get(i % routes.size());
            byte[] request = switch (i % 5) {
                case 0 -> post(route, "application/json", splice(body(route).getBytes(StandardCharsets.UTF_8), "v-1", seq));
                case 1 -> raw("GET /v1/assign?visitor=", seq, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                case 2 -> raw("GET /v1/experiments/", seq, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                case 3 -> raw("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nUser-Agent: ", seq, "\r\n\r\n");
                default -> get("/v1/assign?visitor=" + percent(seq) + "&url=" + percent(seq) + "&attr.c" + percent(seq) + "=" + percent(seq), Map.of());
            };
            cases.add(new Case("invalid-utf8", route + " case " + (i % 5), request));
        }
        return cases;
    }

    private List<Case> nulBytes(int n) {
        byte[] nul = {0};
        List<String> routes = List.copyOf(POST_BODIES.keySet());
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String route = routes.get(i % routes.size());
            byte[] request = switch (i % 5) {
                case 0 -> post(route, "application/json", splice(body(route).getBytes(StandardCharsets.UTF_8), "v-1", nul));
                case 1 -> raw("GET /v1/assign?visitor=a", nul, "b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                case 2 -> raw("GET /v1/experiments/a", nul, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                case 3 -> raw("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Nul: a", nul, "b\r\n\r\n");
                default -> get("/v1/assign?visitor=a%00b&url=%00&attr.%00=%00", Map.of());
            };
            cases.add(new Case("nul-bytes", route + " case " + (i % 5), request));
        }
        return cases;
    }

    private List<Case> pathTraversal() {
        List<Case> cases = new ArrayList<>();
        for (String path : TRAVERSALS) {
            for (String method : List.of("GET", "POST", "HEAD")) {
                cases.add(new Case("path-traversal", method + " " + path,
                        RawHttp.request(method, path, Map.of("Content-Type", "application/json"), method.equals("POST") ? "{}".getBytes() : null)));
            }
            cases.add(new Case("path-traversal", "absolute-form " + path, RawHttp.request("GET", "http://127.0.0.1" + path, Map.of(), null)));
        }
        return cases;
    }

    private List<Case> operatorObjects() {
        List<Case> cases = new ArrayList<>();
        for (String op : OPERATORS) {
            for (String field : List.of("visitor", "url", "stage", "experiments", "attributes", "force", "track", "user_agent")) {
                cases.add(new Case("operator-objects", "assign " + field + "=" + op,
                        post("/v1/assign", "application/json", "{\"visitor\":\"v-1\",\"" + field + "\":" + op + "}")));
            }
            for (String field : List.of("type", "visitor", "experiment", "goal", "id", "value", "score")) {
                String event = "{\"type\":\"conversion\",\"visitor\":\"v-1\",\"goal\":\"g\",\"experiment\":\"homepage-aa\",\"id\":\""
                        + UUID.randomUUID() + "\",\"" + field + "\":" + op + "}";
                cases.add(new Case("operator-objects", "event " + field + "=" + op,
                        post("/v1/events", "application/json", "{\"events\":[" + event + "]}")));
            }
            cases.add(new Case("operator-objects", "events=" + op, post("/v1/events", "application/json", "{\"events\":" + op + "}")));
            cases.add(new Case("operator-objects", "analysis method=" + op,
                    post("/v1/analysis", "application/json", "{\"method\":" + op + ",\"inputs\":{}}")));
            cases.add(new Case("operator-objects", "analysis inputs=" + op,
                    post("/v1/analysis", "application/json", "{\"method\":\"two_proportion_z_test\",\"inputs\":" + op + "}")));
            cases.add(new Case("operator-objects", "analysis control=" + op, post("/v1/analysis", "application/json",
                    "{\"method\":\"two_proportion_z_test\",\"inputs\":{\"control\":" + op + ",\"treatment\":{\"visitors\":1,\"conversions\":1}}}")));
            String encoded = percent(op.getBytes(StandardCharsets.UTF_8));
            cases.add(new Case("operator-objects", "query " + op, get("/v1/assign?visitor=" + encoded + "&stage=" + encoded
                    + "&experiments=" + encoded + "&visitor[$gt]=&attr.$where=" + encoded, Map.of())));
            cases.add(new Case("operator-objects", "path " + op, get("/v1/experiments/" + encoded, Map.of())));
        }
        return cases;
    }

    private List<Case> unicodeOddities() {
        List<Case> cases = new ArrayList<>();
        for (String odd : ODD_STRINGS) {
            String json = "\"" + odd.replace("\u0000", "\\u0000").replace("\u0007", "\\u0007")
                    .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\"";
            String encoded = percent(odd.getBytes(StandardCharsets.UTF_8));
            cases.add(new Case("unicode", "assign visitor " + abbreviate(odd),
                    post("/v1/assign", "application/json", "{\"visitor\":" + json + ",\"url\":" + json + "}")));
            cases.add(new Case("unicode", "assign attributes " + abbreviate(odd),
                    post("/v1/assign", "application/json", "{\"visitor\":\"v-1\",\"attributes\":{" + json + ":" + json + "},\"experiments\":[" + json + "]}")));
            cases.add(new Case("unicode", "assign force " + abbreviate(odd),
                    post("/v1/assign", "application/json", "{\"visitor\":\"v-1\",\"force\":{" + json + ":" + json + "}}")));
            cases.add(new Case("unicode", "events " + abbreviate(odd), post("/v1/events", "application/json",
                    "{\"events\":[{\"type\":\"conversion\",\"visitor\":" + json + ",\"goal\":" + json + ",\"id\":" + json + "}]}")));
            cases.add(new Case("unicode", "analysis " + abbreviate(odd),
                    post("/v1/analysis", "application/json", "{\"method\":" + json + ",\"inputs\":{" + json + ":1}}")));
            cases.add(new Case("unicode", "query " + abbreviate(odd), get("/v1/assign?visitor=" + encoded + "&url=" + encoded
                    + "&momentum_force=" + encoded + ":" + encoded + "&attr." + encoded + "=" + encoded, Map.of())));
            cases.add(new Case("unicode", "path " + abbreviate(odd), get("/v1/experiments/" + encoded, Map.of())));
            cases.add(new Case("unicode", "reload " + abbreviate(odd), post("/v1/admin/reload", "application/json", "{}",
                    Map.of("Authorization", "Bearer " + encoded))));
        }
        return cases;
    }

    private List<Case> longQueryStrings(int n) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String target = switch (i % 4) {
                case 0 -> "/v1/assign?visitor=" + "v".repeat(7_000 + random.nextInt(900));
                case 1 -> "/v1/assign?visitor=v-1&url=" + "u".repeat(9_000 + random.nextInt(100_000));
                case 2 -> {
                    StringBuilder q = new StringBuilder("/v1/assign?visitor=v-1");
                    for (int a = 0; a < 700; a++) {
                        q.append("&attr.a").append(a).append('=').append(a);
                    }
                    yield q.toString();
                }
                default -> "/v1/experiments?" + "&".repeat(7_500);
            };
            cases.add(new Case("long-query", "case " + (i % 4) + " length " + target.length(), get(target, Map.of())));
        }
        return cases;
    }

    private List<Case> unknownMethods() {
        List<Case> cases = new ArrayList<>();
        for (String method : METHODS) {
            for (int i = 0; i < GET_TARGETS.size(); i++) {
                cases.add(new Case("unknown-methods", method + " " + target(i),
                        RawHttp.request(method, target(i), Map.of(), method.equals("PUT") ? "{}".getBytes() : null)));
            }
        }
        cases.add(new Case("unknown-methods", "HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(new Case("unknown-methods", "HTTP/0.9", "GET /health\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(new Case("unknown-methods", "HTTP/9.9", "GET /health HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(new Case("unknown-methods", "no host", "GET /health HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        return cases;
    }

    /** Valid requests with random bytes changed in the request line and body (never the framing headers). */
    private List<Case> randomMutations(int n) {
        List<Case> cases = new ArrayList<>();
        List<String> routes = List.copyOf(POST_BODIES.keySet());
        for (int i = 0; i < n; i++) {
            byte[] request;
            if (i % 2 == 0) {
                String route = routes.get(random.nextInt(routes.size()));
                byte[] body = body(route).getBytes(StandardCharsets.UTF_8);
                mutate(body, 1 + random.nextInt(4));
                request = post(route, "application/json", body);
            } else {
                byte[] line = ("GET " + target(random.nextInt(GET_TARGETS.size())) + " HTTP/1.1").getBytes(StandardCharsets.ISO_8859_1);
                mutate(line, 1 + random.nextInt(3));
                request = raw(new String(line, StandardCharsets.ISO_8859_1), new byte[0], "\r\nHost: x\r\nConnection: close\r\n\r\n");
            }
            String firstLine = new String(request, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
            cases.add(new Case("random-mutation", "#" + i + " " + abbreviate(firstLine), request));
        }
        return cases;
    }

    // ---- request building -------------------------------------------------------------------------

    private String target(int i) {
        return GET_TARGETS.get(i % GET_TARGETS.size());
    }

    private static String body(String route) {
        return POST_BODIES.get(route).replace("\"ID\"", "\"" + UUID.randomUUID() + "\"").replace("\"ID2\"", "\"" + UUID.randomUUID() + "\"");
    }

    private static byte[] get(String target, Map<String, String> headers) {
        return RawHttp.request("GET", target, headers, null);
    }

    private static byte[] post(String route, String type, String body) {
        return post(route, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] post(String route, String type, String body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", type);
        return RawHttp.request("POST", route, all, body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] post(String route, String type, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", type);
        if (route.startsWith("/v1/admin")) {
            headers.put("Authorization", "Bearer " + HostileServer.ADMIN_TOKEN);
        }
        return RawHttp.request("POST", route, headers, body);
    }

    private static byte[] chunkedBody(String route, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("POST " + route + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.ISO_8859_1);
        for (int sent = 0; sent < size; sent += chunk.length) {
            out.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(chunk);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] raw(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] splice(byte[] body, String marker, byte[] insert) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int at = Math.max(0, text.indexOf(marker));
        return raw(text.substring(0, at), insert, text.substring(at));
    }

    private static String percent(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    private String flip(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        mutate(bytes, 3);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private void mutate(byte[] bytes, int times) {
        for (int t = 0; t < times; t++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 120 ? printable : printable.substring(0, 120) + "...";
    }

}
