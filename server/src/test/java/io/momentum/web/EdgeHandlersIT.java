package io.momentum.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.AccessPolicy;
import io.momentum.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeHandlersIT {
    @TempDir
    Path tmp;
    private MomentumServer server;

    private TestHttp start(AccessPolicy policy) throws Exception {
        ServerConfig config = ServerConfig.embedded(Files.createDirectories(tmp.resolve("experiments")), tmp.resolve("data"))
                .toBuilder().access(policy).build();
        server = MomentumServer.start(config);
        return new TestHttp(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void answers429WithRetryAfterOverThePerIpRate() throws Exception {
        TestHttp http = start(new AccessPolicy(List.of(), 5, 5));
        HttpResponse<String> limited = null;
        for (int i = 0; i < 50 && limited == null; i++) {
            HttpResponse<String> response = http.get("/v1/assign?visitor=v" + i);
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertTrue(limited != null, "50 requests at once never hit a limit of 5/s");
        assertTrue(limited.headers().firstValue("Retry-After").map(Integer::parseInt).orElse(0) >= 1);
        assertTrue(limited.body().contains("\"code\":\"rate_limited\""), limited.body());
    }

    @Test
    void doesNotLimitRoutesOutsideThePublicApi() throws Exception {
        TestHttp http = start(new AccessPolicy(List.of(), 1, 1));
        for (int i = 0; i < 20; i++) {
            assertEquals(200, http.get("/health").statusCode());
        }
    }

    @Test
    void allowsConfiguredOriginsAndRefusesOthers() throws Exception {
        TestHttp http = start(new AccessPolicy(List.of("https://shop.example"), 0, 0));
        HttpResponse<String> allowed = preflight(http, "https://shop.example");
        assertEquals("https://shop.example", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

        HttpResponse<String> refused = preflight(http, "https://evil.example");
        assertTrue(refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertEquals(403, refused.statusCode());
    }

    @Test
    void alwaysAllowsThePagesOfItsOwnOrigin() throws Exception {
        TestHttp http = start(new AccessPolicy(List.of("https://shop.example"), 0, 0));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/events"))
                .header("Origin", base()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[{\"type\":\"conversion\",\"visitor\":\"v-1\",\"goal\":\"visit\"}]}")));
        assertEquals(202, response.statusCode(), response.body());
    }

    @Test
    void aRefusalNamesTheOriginAndTheFlagAndTheRefusedPageCanReadIt() throws Exception {
        TestHttp http = start(new AccessPolicy(List.of("https://shop.example"), 0, 0));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/events"))
                .header("Origin", "https://evil.example").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[]}")));
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("origin https://evil.example is not in --cors-origins"), response.body());
        assertEquals("https://evil.example", response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void sendsNoCorsHeadersWhenNoOriginIsConfigured() throws Exception {
        TestHttp http = start(AccessPolicy.UNLIMITED);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/events"))
                .header("Origin", "https://shop.example").GET());
        assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void marksEveryResponseNoSniff() throws Exception {
        TestHttp http = start(AccessPolicy.UNLIMITED);
        assertEquals("nosniff", http.get("/health").headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("nosniff", http.get("/missing").headers().firstValue("X-Content-Type-Options").orElse(null));
    }

    private HttpResponse<String> preflight(TestHttp http, String origin) {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/assign"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }
}
