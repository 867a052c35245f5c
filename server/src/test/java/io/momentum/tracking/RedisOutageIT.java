package io.momentum.tracking;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.ServerConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Redis stops: events answer 503 JSON quickly, /ready says why, assignment keeps answering; Redis returns: ingest resumes. */
class RedisOutageIT {
    private static final String BATCH = "{\"events\":[{\"type\":\"exposure\",\"id\":\"ID\",\"visitor\":\"v1\",\"experiment\":\"pricing-hero\"}]}";

    @TempDir
    Path tmp;

    @Test
    void answers503WhileRedisIsDownAndResumesWhenItReturns() throws Exception {
        try (LocalRedisProcess redis = new LocalRedisProcess(tmp).start()) {
            ServerConfig config = ServerConfig.embedded(TrackingFixtures.writeExperiments(tmp.resolve("experiments")), tmp.resolve("data"))
                    .toBuilder().redisUrl("redis://127.0.0.1:" + redis.port()).build();
            MomentumServer server = MomentumServer.start(config);
            try {
                TestHttp http = new TestHttp(server.port());
                assertEquals(202, http.post("/v1/events", "application/json", BATCH.replace("ID", "before")).statusCode());

                redis.stop();
                long t0 = System.nanoTime();
                HttpResponse<String> down = http.post("/v1/events", "application/json", BATCH.replace("ID", "during"));
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(503, down.statusCode(), down.body());
                assertTrue(down.body().startsWith("{\"error\":{\"code\":\"unavailable\""), down.body());
                assertTrue(millis < 2500, "503 took " + millis + " ms");
                HttpResponse<String> ready = http.get("/ready");
                assertEquals(503, ready.statusCode());
                assertTrue(ready.body().contains("\"redis\":\"") && !ready.body().contains("\"redis\":\"ok\""), ready.body());
                assertEquals(200, http.get("/health").statusCode());
                HttpResponse<String> assigned = http.get("/v1/assign?visitor=v-during-outage");
                assertEquals(200, assigned.statusCode(), assigned.body());
                assertTrue(assigned.body().contains("\"experiment\":\"pricing-hero\""), "assignment keeps working: " + assigned.body());

                redis.start();
                await("events accepted (202) again after Redis returned").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                        .until(() -> http.post("/v1/events", "application/json", BATCH.replace("ID", "after")), response -> response.statusCode() == 202);
            } finally {
                server.stop();
            }
        }
    }
}
