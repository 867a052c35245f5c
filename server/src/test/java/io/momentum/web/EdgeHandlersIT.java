package io.momentum.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.AccessPolicy;
import io.momentum.config.ServerConfig;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
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
        TestHttp http = start(new AccessPolicy(List.of(), 5, 5, List.of()));
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
        TestHttp http = start(new AccessPolicy(List.of(), 1, 1, List.of()));
        for (int i = 0; i < 20; i++) {
            assertEquals(200, http.get("/health").statusCode());
        }
    }

    @Test
    void allowsConfiguredOriginsAndRefusesOthers() throws Exception {
        TestHttp http = start(new AccessPolicy(List.of("https://shop.example"), 0, 0, List.of()));
        HttpResponse<String> allowed = preflight(http, "https://shop.example");
        assertEquals("https://shop.example", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

        HttpResponse<String> refused = preflight(http, "https://evil.example");
        assertTrue(refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertEquals(403, refused.statusCode());
    }

    /** The snippet files are cacheable: without {@code Vary: Origin} a cache could serve one origin's answer to another. */
    @Test
    void variesByOriginWhereTheAllowedOriginIsEchoed() throws Exception {
        TestHttp http = start(new AccessPolicy(List.of("https://shop.example"), 0, 0, List.of()));
        HttpResponse<String> snippet = http.send(HttpRequest.newBuilder(URI.create(base() + "/sdk/momentum.js"))
                .header("Origin", "https://shop.example").GET());
        assertEquals("https://shop.example", snippet.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(snippet.headers().allValues("Vary").stream().anyMatch(v -> v.contains("Origin")), snippet.headers().map().toString());
        assertTrue(preflight(http, "https://shop.example").headers().allValues("Vary").stream().anyMatch(v -> v.contains("Origin")));
    }

    @Test
    void limitsTheAnalysisCalculatorToo() throws Exception {
        TestHttp http = start(new AccessPolicy(List.of(), 2, 2, List.of()));
        boolean limited = false;
        for (int i = 0; i < 30 && !limited; i++) {
            limited = http.post("/v1/analysis", "application/json", "{}").statusCode() == 429;
        }
        assertTrue(limited, "30 calculator requests at once never hit a limit of 2/s");
    }

    @Test
    void usesForwardedForOnlyFromTrustedProxies() throws Exception {
        TestHttp http = start(new AccessPolicy(List.of(), 1, 1, List.of(io.momentum.config.Cidr.parse("127.0.0.1"))));
        // behind the (trusted) loopback proxy, two visitors have their own buckets
        for (String visitor : List.of("198.51.100.1", "198.51.100.2")) {
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/assign?visitor=v"))
                    .header("X-Forwarded-For", visitor).GET()).statusCode(), visitor);
        }
        assertEquals(429, http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/assign?visitor=v"))
                .header("X-Forwarded-For", "198.51.100.1").GET()).statusCode(), "the first visitor's bucket is empty");
    }

    @Test
    void alwaysAllowsThePagesOfItsOwnOrigin() throws Exception {
        TestHttp http = start(AccessPolicy.of(List.of("https://shop.example"), 0));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/events"))
                .header("Origin", base()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[{\"type\":\"conversion\",\"visitor\":\"v-1\",\"goal\":\"visit\"}]}")));
        assertEquals(202, response.statusCode(), response.body());
    }

    @Test
    void aRefusalNamesTheOriginAndTheFlagAndTheRefusedPageCanReadIt() throws Exception {
        TestHttp http = start(AccessPolicy.of(List.of("https://shop.example"), 0));
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

    /** The audit saw {@code --host 127.0.0.1} listen on {@code *:port}: the dashboard was reachable from the network. */
    @Test
    void listensOnlyOnTheConfiguredHost() throws Exception {
        Optional<InetAddress> other = nonLoopbackAddress();
        Assumptions.assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address to try");
        TestHttp http = start(AccessPolicy.UNLIMITED); // host 127.0.0.1
        assertEquals(200, http.get("/health").statusCode());
        assertRefused(other.get(), server.port());
    }

    /** The audit added a Prometheus series per made-up method (eleven of ~3 KB for one 3,000-character method). */
    @Test
    void customMethodsAddNoMetricSeries() throws Exception {
        TestHttp http = start(AccessPolicy.UNLIMITED);
        http.get("/health");
        for (int i = 0; i < 20; i++) {
            http.send(HttpRequest.newBuilder(URI.create(base() + "/health")).method("ZZ" + i, HttpRequest.BodyPublishers.noBody()));
        }
        http.send(HttpRequest.newBuilder(URI.create(base() + "/health")).method("Z".repeat(3000), HttpRequest.BodyPublishers.noBody()));
        String metrics = http.get("/metrics").body();
        assertTrue(metrics.contains("method=\"OTHER\""), "custom methods are counted as OTHER");
        assertTrue(!metrics.contains("method=\"ZZ"), "no series per custom method");
        assertTrue(metrics.length() < 200_000, "metrics of " + metrics.length() + " characters");
    }

    @Test
    void metricsPortServesMetricsOnLoopbackOnlyAndNotOnThePublicPort() throws Exception {
        server = MomentumServer.start(ServerConfig.embedded(Files.createDirectories(tmp.resolve("experiments")), tmp.resolve("data"))
                .toBuilder().metricsPort(0).build());
        TestHttp http = new TestHttp(server.port());
        assertEquals(404, http.get("/metrics").statusCode());
        int metricsPort = server.metricsPort().orElseThrow();
        HttpResponse<String> metrics = new TestHttp(metricsPort).get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("vertx_http_server"), "the scrape has the HTTP metrics");
        Optional<InetAddress> other = nonLoopbackAddress();
        if (other.isPresent()) {
            assertRefused(other.get(), metricsPort);
        }
    }

    private static void assertRefused(InetAddress address, int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            throw new AssertionError(address.getHostAddress() + ":" + port + " accepted a connection");
        } catch (ConnectException refused) {
            // expected: nothing listens there
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        return NetworkInterface.networkInterfaces()
                .filter(EdgeHandlersIT::upAndNotLoopback)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
    }

    private static boolean upAndNotLoopback(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (java.net.SocketException e) {
            return false;
        }
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
