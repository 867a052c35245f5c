package io.momentum.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional viewer token locks the dashboard and the read APIs, never the public routes; without it all is open. */
class ViewerTokenIT {
    private static final String VIEWER = "viewer-token-42";
    private static final List<String> READ_PAGES = List.of("/", "/flywheel", "/experiments/pricing-hero-2026q4",
            "/v1/experiments", "/v1/experiments/pricing-hero-2026q4", "/v1/experiments/pricing-hero-2026q4/results", "/v1/flywheel", "/v1/alerts", "/v1/segments");
    private static final List<String> PUBLIC = List.of("/v1/assign?visitor=v-1", "/health", "/openapi.yaml");

    @TempDir
    Path tmp;

    @Test
    void dashboardAndReadApisNeedTheViewerOrAdminToken() throws Exception {
        MomentumServer server = MomentumServer.start(ServerConfig.embedded(HostileServer.copyExamples(tmp.resolve("experiments")),
                tmp.resolve("data")).toBuilder().adminToken(HostileServer.ADMIN_TOKEN).viewerToken(VIEWER).build());
        try {
            for (String page : READ_PAGES) {
                HttpResponse<String> none = get(server, page, null);
                assertEquals(401, none.statusCode(), page);
                assertTrue(none.body().startsWith("{\"error\":{\"code\":\"unauthorized\""), page + " " + none.body());
                assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), page);
                assertEquals(401, get(server, page, "Bearer wrong").statusCode(), page);
                assertEquals(200, get(server, page, "Bearer " + VIEWER).statusCode(), page);
                assertEquals(200, get(server, page, basic("anyone", VIEWER)).statusCode(), page);
                assertEquals(200, get(server, page, "Bearer " + HostileServer.ADMIN_TOKEN).statusCode(), page);
                assertEquals(401, get(server, page, basic("anyone", "wrong")).statusCode(), page);
            }
            for (String path : PUBLIC) {
                assertNotEquals(401, get(server, path, null).statusCode(), path);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void withoutAViewerTokenTheDashboardIsOpen() throws Exception {
        MomentumServer server = HostileServer.start(tmp);
        try {
            for (String page : READ_PAGES) {
                assertEquals(200, get(server, page, null).statusCode(), page);
            }
        } finally {
            server.stop();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(MomentumServer server, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return new TestHttp(server.port()).send(request);
    }
}
