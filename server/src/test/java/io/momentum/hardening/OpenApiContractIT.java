package io.momentum.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.ServerConfig;
import io.momentum.web.Endpoint;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI document describes every mounted route and who may call it, and real answers match its schemas. */
class OpenApiContractIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Bearer " + HostileServer.ADMIN_TOKEN;
    private static final String VIEWER_TOKEN = "contract-viewer-token-42";
    /** The `security` each `x-access` value stands for: who the server's auth handlers let through. */
    private static final Map<String, String> SECURITY_OF_ACCESS = Map.of(
            "public", "[]",
            "viewer", "[{\"viewerToken\":[]},{\"viewerBasic\":[]},{\"adminToken\":[]}]",
            "admin", "[{\"adminToken\":[]}]");

    @TempDir
    Path tmp;
    private MomentumServer server;
    private TestHttp http;
    private JsonNode document;

    @BeforeEach
    void start() throws Exception {
        server = HostileServer.start(tmp);
        http = new TestHttp(server.port());
        document = YAML.readTree(http.get("/openapi.yaml").body());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** One real request: the documented path template it exercises, and how to send it. */
    record Call(String method, String template, String target, String body, String authorization) {
        static Call get(String template, String target) {
            return new Call("GET", template, target, null, null);
        }

        static Call post(String template, String body) {
            return new Call("POST", template, template, body, null);
        }

        Call withAuthorization(String value) {
            return new Call(method, template, target, body, value);
        }
    }

    @Test
    void servesTheDocumentAsYaml() {
        HttpResponse<String> response = http.get("/openapi.yaml");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/yaml"));
        assertEquals("3.1.0", document.get("openapi").asText());
    }

    /** "METHOD /path/{param}" of every mounted operation. */
    private List<String> mounted() {
        return server.routes().stream().map(Endpoint::key).toList();
    }

    @Test
    void everyMountedRouteIsDescribed() {
        List<String> missing = mounted().stream().filter(route -> operation(route) == null).toList();
        assertFalse(server.routes().isEmpty());
        assertTrue(missing.isEmpty(), "mounted but not in openapi.yaml: " + missing);
    }

    @Test
    void everyDescribedRouteIsMounted() {
        List<String> notMounted = operations().keySet().stream().filter(route -> !mounted().contains(route)).toList();
        assertTrue(notMounted.isEmpty(), "in openapi.yaml but not mounted: " + notMounted);
    }

    @Test
    void everyOperationDeclaresItsAccessAndTheSecurityThatGoesWithIt() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> operation : operations().entrySet()) {
            String access = operation.getValue().path("x-access").asText();
            String security = SECURITY_OF_ACCESS.get(access);
            if (security == null) {
                problems.add(operation.getKey() + ": x-access is '" + access + "', not public, viewer or admin");
            } else if (!JSON.readTree(security).equals(operation.getValue().get("security"))) {
                problems.add(operation.getKey() + ": security " + operation.getValue().get("security")
                        + " is not the one of x-access " + access + ": " + security);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theDocumentedAccessIsTheOneTheServerEnforces(@TempDir Path lockedTmp) {
        MomentumServer locked = MomentumServer.start(ServerConfig.embedded(HostileServer.copyExamples(lockedTmp.resolve("experiments")),
                lockedTmp.resolve("data")).toBuilder().adminToken(HostileServer.ADMIN_TOKEN).viewerToken(VIEWER_TOKEN).build());
        try {
            List<String> problems = new ArrayList<>();
            operations().forEach((route, operation) -> {
                String[] parts = route.split(" ", 2);
                String target = parts[1].replace("{id}", "pricing-hero-2026q4").replace("{file}", "momentum.js")
                        .replace("{name}", "signup");
                String enforced = lets(locked, parts[0], parts[1], target, null) ? "public"
                        : lets(locked, parts[0], parts[1], target, "Bearer " + VIEWER_TOKEN) ? "viewer"
                        : lets(locked, parts[0], parts[1], target, ADMIN) ? "admin" : "nobody";
                String documented = operation.path("x-access").asText();
                if (!enforced.equals(documented)) {
                    problems.add(route + ": documented x-access " + documented + ", the server lets in " + enforced);
                }
            });
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        } finally {
            locked.stop();
        }
    }

    @Test
    void realAnswersMatchTheDocumentedSchemas() throws Exception {
        String analysis = "{\"method\":\"two_proportion_z_test\",\"inputs\":{\"control\":{\"visitors\":1000,\"conversions\":100},"
                + "\"treatment\":{\"visitors\":1000,\"conversions\":130},\"alpha\":0.05}}";
        List<Call> calls = List.of(
                Call.get("/v1/assign", "/v1/assign?visitor=v-42&url=/pricing&attr.country=US"),
                Call.get("/v1/assign", "/v1/assign?visitor=v-42&experiments=pricing-hero-2026q4,nope&momentum_force=zz:y"),
                Call.get("/v1/assign", "/v1/assign?visitor=v-42&stage=nope"),
                Call.get("/v1/assign", "/v1/assign"),
                Call.post("/v1/assign", "{\"visitor\":\"v-42\",\"url\":\"/pricing\",\"attributes\":{\"country\":\"US\"}}"),
                Call.post("/v1/assign", "{\"visitor\":"),
                Call.post("/v1/assign", "{\"visitor\":\"" + "x".repeat(1_100_000) + "\"}"),
                Call.get("/v1/experiments", "/v1/experiments"),
                Call.get("/v1/experiments/{id}", "/v1/experiments/pricing-hero-2026q4"),
                Call.get("/v1/experiments/{id}", "/v1/experiments/no-such-experiment"),
                Call.post("/v1/analysis", analysis),
                Call.post("/v1/analysis", "{\"method\":\"sample_size_pooled\",\"inputs\":{\"baseline_rate\":0.1,\"mde\":0.1,"
                        + "\"mde_type\":\"relative\",\"alpha\":0.05,\"power\":0.8,\"two_sided\":true}}"),
                Call.post("/v1/analysis", "{\"method\":\"no_such_method\",\"inputs\":{}}"),
                Call.post("/v1/admin/reload", "").withAuthorization(ADMIN),
                Call.post("/v1/admin/reload", ""),
                Call.post("/v1/admin/reload", "").withAuthorization("Bearer wrong"),
                Call.post("/v1/events", "{\"events\":[{\"type\":\"exposure\",\"visitor\":\"v-42\",\"experiment\":\"pricing-hero-2026q4\","
                        + "\"id\":\"contract-1\"},{\"type\":\"conversion\",\"visitor\":\"v-42\",\"goal\":\"trial_signup\",\"id\":\"contract-2\"},"
                        + "{\"type\":\"conversion\",\"visitor\":\"v-42\"}]}"),
                Call.post("/v1/events", "{\"events\":[{\"type\":\"conversion\",\"visitor\":\"v-42\",\"goal\":\"$gt\"}]}"),
                Call.post("/v1/events", "{\"events\":{}}"),
                Call.get("/v1/experiments/{id}/consistency", "/v1/experiments/pricing-hero-2026q4/consistency").withAuthorization(ADMIN),
                Call.get("/v1/experiments/{id}/consistency", "/v1/experiments/pricing-hero-2026q4/consistency"),
                Call.get("/v1/experiments/{id}/consistency", "/v1/experiments/NOT_AN_ID/consistency").withAuthorization(ADMIN),
                Call.get("/v1/experiments/{id}/results", "/v1/experiments/pricing-hero-2026q4/results"),
                Call.get("/v1/experiments/{id}/results", "/v1/experiments/no-such-experiment/results"),
                Call.get("/v1/flywheel", "/v1/flywheel"),
                Call.get("/v1/flywheel", "/v1/flywheel?period=month&from=2026-01-01"),
                Call.get("/v1/flywheel", "/v1/flywheel?period=day"),
                Call.get("/v1/funnels/{name}", "/v1/funnels/signup?period=week"),
                Call.get("/v1/funnels/{name}", "/v1/funnels/no-such-funnel"),
                Call.get("/funnels/{name}", "/funnels/signup"),
                Call.get("/", "/"),
                Call.get("/experiments/{id}", "/experiments/pricing-hero-2026q4"),
                Call.get("/experiments/{id}", "/experiments/no-such-experiment"),
                Call.get("/flywheel", "/flywheel"),
                Call.get("/sdk/{file}", "/sdk/no-such-file.js"),
                Call.get("/health", "/health"),
                Call.get("/ready", "/ready"),
                Call.get("/metrics", "/metrics"),
                Call.get("/openapi.yaml", "/openapi.yaml"));

        List<String> problems = new ArrayList<>();
        for (Call call : calls) {
            HttpResponse<String> response = send(server, call);
            String where = call.method() + " " + call.target().substring(0, Math.min(80, call.target().length()))
                    + " -> " + response.statusCode();
            problems.addAll(check(call, response).stream().map(p -> where + ": " + p).toList());
        }
        System.out.println("OpenAPI contract: " + calls.size() + " real answers checked against openapi.yaml");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private List<String> check(Call call, HttpResponse<String> response) throws Exception {
        JsonNode op = operation(call.method() + " " + call.template());
        if (op == null) {
            return List.of("route not described");
        }
        String status = String.valueOf(response.statusCode());
        JsonNode responseObject = op.path("responses").get(status);
        if (responseObject == null) {
            return List.of("status not described");
        }
        String pointer = "/paths/" + escape(call.template()) + "/" + call.method().toLowerCase(Locale.ROOT) + "/responses/" + status;
        if (responseObject.has("$ref")) {
            pointer = responseObject.get("$ref").asText().substring(1);
            responseObject = document.at(pointer);
        }
        String type = response.headers().firstValue("content-type").orElse("").split(";")[0].trim();
        if (!responseObject.path("content").has(type)) {
            return List.of("content type " + type + " not described");
        }
        if (!type.equals("application/json")) {
            return List.of();
        }
        ObjectNode schemaDocument = document.deepCopy();
        schemaDocument.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schemaDocument.put("$ref", "#" + pointer + "/content/" + escape(type) + "/schema");
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaDocument);
        Set<ValidationMessage> errors = schema.validate(JSON.readTree(response.body()));
        return errors.stream().map(ValidationMessage::getMessage).toList();
    }

    /** Whether the server lets this caller past authentication (any answer but 401 or 403). */
    private boolean lets(MomentumServer target, String method, String template, String path, String authorization) {
        String body = method.equals("POST") ? "{}" : null;
        int status = send(target, new Call(method, template, path, body, authorization)).statusCode();
        return status != 401 && status != 403;
    }

    /** Every documented operation by "METHOD /path", in document order. */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new LinkedHashMap<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                operations.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue())));
        return operations;
    }

    /** The operation object for "METHOD /path", or null. */
    private JsonNode operation(String route) {
        String[] parts = route.split(" ", 2);
        JsonNode path = document.path("paths").get(parts[1]);
        return path == null ? null : path.get(parts[0].toLowerCase(Locale.ROOT));
    }

    private static String escape(String pointerPart) {
        return pointerPart.replace("~", "~0").replace("/", "~1");
    }

    private HttpResponse<String> send(MomentumServer target, Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + call.target()));
        if (call.authorization() != null) {
            request.header("Authorization", call.authorization());
        }
        if (call.body() != null) {
            request.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call.body()));
        }
        return http.send(request);
    }
}
