package io.momentum.tracking;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.assign.Exposure;
import io.momentum.config.ServerConfig;
import io.momentum.domain.OverloadedException;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.storage.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload is not an outage: a Redis that is up but does not answer in time (CLIENT PAUSE) gives 503 {@code overloaded}
 * with Retry-After, never {@code unavailable}; past the in-flight bound a batch is refused at once.
 */
class RedisSlowIT {
    private static final String BATCH = "{\"events\":[{\"type\":\"exposure\",\"id\":\"ID\",\"visitor\":\"v1\",\"experiment\":\"pricing-hero\"}]}";

    @TempDir
    Path tmp;

    @Test
    @Timeout(90)
    void aPausedRedisAnswersOverloadedWithRetryAfter() throws Exception {
        try (LocalRedisProcess redis = new LocalRedisProcess(tmp).start()) {
            ServerConfig config = ServerConfig.embedded(TrackingFixtures.writeExperiments(tmp.resolve("experiments")), tmp.resolve("data"))
                    .toBuilder().redisUrl("redis://127.0.0.1:" + redis.port()).build();
            MomentumServer server = MomentumServer.start(config);
            try {
                TestHttp http = new TestHttp(server.port());
                assertEquals(202, http.post("/v1/events", "application/json", BATCH.replace("ID", "before")).statusCode());

                pause(redis.port(), 4000);
                HttpResponse<String> slow = http.post("/v1/events", "application/json", BATCH.replace("ID", "during"));
                assertEquals(503, slow.statusCode(), slow.body());
                assertTrue(slow.body().startsWith("{\"error\":{\"code\":\"overloaded\""), slow.body());
                assertEquals(Optional.of("1"), slow.headers().firstValue("Retry-After"));

                await("accepted again once Redis answers").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> http.post("/v1/events", "application/json", BATCH.replace("ID", "during")), r -> r.statusCode() == 202);
            } finally {
                server.stop();
            }
        }
    }

    @Test
    @Timeout(60)
    void aBatchPastTheInFlightBoundIsRefusedAtOnce() throws Exception {
        CatalogSnapshot catalog = TrackingFixtures.catalog(TrackingFixtures.writeExperiments(tmp.resolve("experiments")));
        Vertx vertx = Vertx.vertx();
        try (LocalRedisProcess redis = new LocalRedisProcess(tmp).start();
             RedisConnector.Connection connection = RedisConnector.connect("redis://127.0.0.1:" + redis.port())) {
            RedisKeys keys = new RedisKeys(TrackingFixtures.uniquePrefix());
            EventBacklog backlog = new EventBacklog(vertx, connection.commands(), keys, 1_000_000);
            EventIngest ingest = new EventIngest(vertx, connection.commands(), keys, () -> catalog,
                    (experiment, visitor) -> Optional.of("control"), Clock.systemUTC(), backlog,
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), Optional.empty(), new io.momentum.assign.MintedVisitors(), () -> true,
                    io.momentum.reporting.Allocations.NONE, 2);
            pause(redis.port(), 1500);
            Future<IngestResult> first = ingest.ingest(List.of(exposure("a"), exposure("b")));
            long t0 = System.nanoTime();
            Future<IngestResult> second = ingest.ingest(List.of(exposure("c")));
            assertTrue(second.failed(), "refused without waiting for Redis");
            assertInstanceOf(OverloadedException.class, second.cause());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 100);

            IngestResult written = first.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(2, written.accepted());
            assertEquals(0, ingest.inFlight());
            assertEquals(1, ingest.ingest(List.of(exposure("c"))).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).accepted());
        } finally {
            vertx.close();
        }
    }

    private static TrackedEvent exposure(String id) {
        return TrackedEvent.exposure(id, new Exposure(TrackingFixtures.HERO, "control", "visitor-" + id, Instant.now()));
    }

    /** Redis stays up and connected but answers no client for a while. */
    private static void pause(int port, long millis) throws Exception {
        Process cli = new ProcessBuilder("/usr/bin/redis-cli", "-p", Integer.toString(port), "CLIENT", "PAUSE", Long.toString(millis), "ALL")
                .redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes()).trim();
        assertEquals(0, cli.waitFor());
        assertEquals("OK", out);
    }
}
