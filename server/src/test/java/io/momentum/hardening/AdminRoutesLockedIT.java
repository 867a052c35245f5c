package io.momentum.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.ServerConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every admin route (those the OpenAPI document marks with the admin token, which must include every
 * /v1/admin/* and consistency route) answers 401 without a token, 403 with a wrong one, lets the right one
 * through, and is disabled (403 admin_disabled) when the server has no token.
 */
class AdminRoutesLockedIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** "METHOD /path" of the routes the document protects with the admin token, with sample ids filled in. */
    private static List<String> adminRoutes() throws Exception {
        JsonNode document;
        try (InputStream in = AdminRoutesLockedIT.class.getResourceAsStream("/openapi.yaml")) {
            document = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        List<String> routes = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            // Viewer routes accept the admin token too; admin-only routes are the ones marked x-access: admin.
            boolean protectedByToken = "admin".equals(op.getValue().path("x-access").asText());
            boolean looksAdmin = path.getKey().startsWith("/v1/admin/") || path.getKey().endsWith("/consistency");
            assertEquals(looksAdmin, protectedByToken, path.getKey() + " admin marking");
            if (protectedByToken) {
                routes.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey().replace("{id}", "pricing-hero-2026q4"));
            }
        }));
        assertTrue(routes.size() >= 2, "reload and consistency at least: " + routes);
        return routes;
    }

    @Test
    void everyAdminRouteNeedsTheRightBearerToken() throws Exception {
        MomentumServer server = HostileServer.start(tmp);
        try {
            for (String route : adminRoutes()) {
                HttpResponse<String> none = call(server, route, null);
                assertEquals(401, none.statusCode(), route + " " + none.body());
                assertEquals("unauthorized", code(none), route);
                assertTrue(none.headers().firstValue("WWW-Authenticate").isPresent(), route);
                assertEquals(401, call(server, route, "Basic " + HostileServer.ADMIN_TOKEN).statusCode(), route);
                HttpResponse<String> wrong = call(server, route, "Bearer " + HostileServer.ADMIN_TOKEN + "x");
                assertEquals(403, wrong.statusCode(), route);
                assertEquals("forbidden", code(wrong), route);
                HttpResponse<String> right = call(server, route, "Bearer " + HostileServer.ADMIN_TOKEN);
                assertNotEquals(401, right.statusCode(), route + " " + right.body());
                assertNotEquals(403, right.statusCode(), route + " " + right.body());
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void everyAdminRouteIsDisabledWithoutAConfiguredToken() throws Exception {
        MomentumServer server = MomentumServer.start(ServerConfig.embedded(
                HostileServer.copyExamples(tmp.resolve("experiments")), tmp.resolve("data")));
        try {
            for (String route : adminRoutes()) {
                for (String authorization : new String[] {null, "Bearer ", "Bearer anything"}) {
                    HttpResponse<String> answer = call(server, route, authorization);
                    assertEquals(403, answer.statusCode(), route + " " + answer.body());
                    assertEquals("admin_disabled", code(answer), route);
                }
            }
        } finally {
            server.stop();
        }
    }

    private static String code(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error").path("code").asText();
    }

    private static HttpResponse<String> call(MomentumServer server, String route, String authorization) {
        String[] parts = route.split(" ", 2);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + parts[1]))
                .method(parts[0], parts[0].equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return new TestHttp(server.port()).send(request);
    }
}
