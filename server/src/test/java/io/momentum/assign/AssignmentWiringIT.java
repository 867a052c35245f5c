package io.momentum.assign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.ServerConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server mounts {@code /v1/assign} (on the embedded stores). */
class AssignmentWiringIT {

    @TempDir
    Path tmp;

    @Test
    void serverAnswersAssignAndRejectsBadVisitors() throws Exception {
        MomentumServer server = MomentumServer.start(ServerConfig.embedded(
                Files.createDirectories(tmp.resolve("experiments")), tmp.resolve("data")));
        try {
            TestHttp http = new TestHttp(server.port());
            HttpResponse<String> ok = http.get("/v1/assign?visitor=v-123&url=%2Fpricing&attr.country=US");
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().startsWith("{\"visitor\":\"v-123\",\"assignments\":["), ok.body());
            assertEquals(400, http.get("/v1/assign").statusCode());
            HttpResponse<String> metrics = http.get("/metrics");
            assertTrue(metrics.body().contains("momentum_exposures_record_failures_total"), "failure counter not exported");
        } finally {
            server.stop();
        }
    }
}
