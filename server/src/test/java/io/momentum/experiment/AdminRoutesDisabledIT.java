package io.momentum.experiment;

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

class AdminRoutesDisabledIT {
    @TempDir
    Path tmp;

    @Test
    void adminReloadIsDisabledWithoutAnAdminToken() throws Exception {
        MomentumServer server = MomentumServer.start(ServerConfig.embedded(Files.createDirectories(tmp.resolve("e")), tmp.resolve("data")));
        try {
            HttpResponse<String> response = new TestHttp(server.port()).post("/v1/admin/reload", "application/json", "");
            assertEquals(403, response.statusCode());
            assertTrue(response.body().contains("admin routes are disabled"), response.body());
        } finally {
            server.stop();
        }
    }
}
