package io.momentum.tracking;

import static org.awaitility.Awaitility.await;

import io.momentum.OwnStoresTest;
import io.momentum.storage.FreePort;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A redis-server process of the machine ({@code /usr/bin/redis-server}) on a port of our own, for tests that stop Redis. */
final class LocalRedisProcess implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private Process process;

    LocalRedisProcess(Path dir, String... extraArgs) {
        this(FreePort.find(), dir, extraArgs);
    }

    LocalRedisProcess(int port, Path dir, String... extraArgs) {
        if (port == OwnStoresTest.MACHINE_REDIS_PORT) {
            throw new IllegalArgumentException("tests start their own Redis: port " + port + " is the machine's Redis");
        }
        this.port = port;
        this.dir = dir;
        this.extraArgs = List.of(extraArgs);
    }

    int port() {
        return port;
    }

    LocalRedisProcess start() throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        await("redis-server listening on port " + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    try (Socket ignored = new Socket("127.0.0.1", port)) {
                        return true;
                    }
                });
        return this;
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
