package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.ServerConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
                    .withRedis("redis://127.0.0.1:" + redis.port(), "momentum:");
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
                HttpResponse<String> after = awaitAccepted(http, BATCH.replace("ID", "after"));
                assertEquals(202, after.statusCode(), after.body());
            } finally {
                server.stop();
            }
        }
    }

    private static HttpResponse<String> awaitAccepted(TestHttp http, String body) throws InterruptedException {
        long deadline = System.nanoTime() + 40_000_000_000L;
        HttpResponse<String> response;
        do {
            response = http.post("/v1/events", "application/json", body);
            if (response.statusCode() == 202) {
                return response;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return response;
    }
}
