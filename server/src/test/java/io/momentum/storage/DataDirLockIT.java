package io.momentum.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.Main;
import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A second server on a data directory in use refuses to start with a clear message; the first one keeps serving. */
class DataDirLockIT {
    private static final String BATCH = "{\"events\":[{\"type\":\"exposure\",\"id\":\"ID\",\"visitor\":\"v1\",\"experiment\":\"lock-test\"}]}";

    @TempDir
    Path tmp;

    @Test
    @Timeout(180)
    void aSecondServeOnTheSameDataDirRefusesAndTheFirstKeepsServing() throws Exception {
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        Files.writeString(experiments.resolve("lock-test.yaml"), "id: lock-test\nname: lock\nstage: activation\nkind: cta\nstatus: running\n"
                + "variants:\n  - { key: control, weight: 50, payload: {} }\n  - { key: treatment, weight: 50, payload: {} }\n"
                + "goals:\n  primary: { event: signup }\n");
        Path data = tmp.resolve("data");
        MomentumServer first = MomentumServer.start(ServerConfig.embedded(experiments, data));
        try {
            TestHttp http = new TestHttp(first.port());
            assertEquals(202, http.post("/v1/events", "application/json", BATCH.replace("ID", "before")).statusCode());

            DataDirLock.InUseException inProcess = assertThrows(DataDirLock.InUseException.class,
                    () -> MomentumServer.start(ServerConfig.embedded(experiments, data)));
            assertTrue(inProcess.getMessage().contains("is in use by another momentum server (pid " + ProcessHandle.current().pid() + ")"),
                    inProcess.getMessage());

            String java = ProcessHandle.current().info().command().orElse("java");
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", classpath, Main.class.getName(), "serve",
                    "--host", "127.0.0.1", "--port", "0", "--experiments", experiments.toString(), "--data-dir", data.toString()))
                    .redirectErrorStream(true);
            builder.environment().keySet().removeAll(List.of("REDIS_URL", "MONGO_URI"));
            Process second = builder.start();
            assertTrue(second.waitFor(90, TimeUnit.SECONDS), "the second serve must exit by itself");
            String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, second.exitValue(), output);
            assertTrue(output.contains("momentum serve: the data directory " + data.toAbsolutePath() + " is in use by another momentum server"), output);
            assertFalse(output.contains("\tat "), "a message, not a stack trace: " + output);

            assertEquals(200, http.get("/ready").statusCode());
            assertEquals(202, http.post("/v1/events", "application/json", BATCH.replace("ID", "after")).statusCode());
        } finally {
            first.stop();
        }
        MomentumServer again = MomentumServer.start(ServerConfig.embedded(experiments, data)); // the lock goes with the server
        again.stop();
    }
}
