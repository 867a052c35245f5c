package io.momentum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.momentum.config.ServerConfig;
import io.momentum.storage.EmbeddedRedis;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerStartupIT {

    @TempDir
    Path tmp;

    private ServerConfig embeddedConfig() throws Exception {
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        return ServerConfig.embedded(experiments, tmp.resolve("data"));
    }

    @Test
    void answersHealthReadyAndMetricsOnEmbeddedStores() throws Exception {
        long t0 = System.nanoTime();
        MomentumServer server = MomentumServer.start(embeddedConfig());
        try {
            TestHttp http = new TestHttp(server.port());
            HttpResponse<String> ready = http.get("/ready");
            long startupMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.println("startup to ready on embedded defaults: " + startupMs + " ms");

            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"redis\":\"ok\""), ready.body());
            assertTrue(ready.body().contains("\"mongodb\":\"ok\""), ready.body());
            assertEquals(200, http.get("/health").statusCode());
            HttpResponse<String> metrics = http.get("/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("vertx_http_server_requests_total"), "request counter missing");
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM metrics missing");
        } finally {
            server.stop();
        }
    }

    @Test
    void answersUnknownRoutesWithJson404() throws Exception {
        MomentumServer server = MomentumServer.start(embeddedConfig());
        try {
            HttpResponse<String> response = new TestHttp(server.port()).get("/no/such/route");
            assertEquals(404, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
            assertTrue(response.body().startsWith("{\"error\":{\"code\":\"not_found\""), response.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void readyNamesWhatIsMissing() throws Exception {
        ServerConfig config = ServerConfig.embedded(tmp.resolve("missing-experiments"), tmp.resolve("data"));
        MomentumServer server = MomentumServer.start(config);
        try {
            HttpResponse<String> ready = new TestHttp(server.port()).get("/ready");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("\"experiments\":\"experiment directory"), ready.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void keepsDataAcrossRestartWithTheSameDataDir() throws Exception {
        ServerConfig config = embeddedConfig();
        String id = UUID.randomUUID().toString();

        MomentumServer first = MomentumServer.start(config);
        try {
            first.storage().mongo().getCollection("restart_probe").insertOne(new Document("_id", id));
            first.storage().redis().set("momentum:restart-probe", id).toCompletableFuture().get();
        } finally {
            first.stop();
        }

        MomentumServer second = MomentumServer.start(config);
        try {
            MongoCollection<Document> probe = second.storage().mongo().getCollection("restart_probe");
            assertEquals(1, probe.countDocuments(new Document("_id", id)));
            assertEquals(id, second.storage().redis().get("momentum:restart-probe").toCompletableFuture().get());
        } finally {
            second.stop();
        }
    }

    @Test
    void runsAgainstAnExternalRedis() throws Exception {
        String prefix = "momentum-test-" + UUID.randomUUID() + ":";
        try (EmbeddedRedis external = EmbeddedRedis.start(tmp.resolve("external"))) {
            ServerConfig config = embeddedConfig().toBuilder().redisUrl(external.url()).redisPrefix(prefix).build();
            MomentumServer server = MomentumServer.start(config);
            try {
                assertEquals(200, new TestHttp(server.port()).get("/ready").statusCode());
                server.storage().redis().set(prefix + "probe", "1").toCompletableFuture().get();
                assertEquals("1", server.storage().redis().get(prefix + "probe").toCompletableFuture().get());
            } finally {
                server.stop();
            }
        }
    }
}
