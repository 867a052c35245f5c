package io.momentum.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server process (the binary shipped by embedded-redis, run as a {@link StoreProcess}) on a free
 * loopback port, with its append-only file in the data directory so counters and the event stream survive restarts.
 * It is started directly rather than through the library's {@code RedisServer}, whose JVM shutdown hook would stop
 * Redis while a graceful shutdown still answers in-flight requests.
 * Locked against other local users: a random password kept in the data directory (0600), and the
 * commands that would let a client rewrite files or load code ({@code CONFIG}, {@code MODULE}, {@code DEBUG})
 * renamed away. The settings reach redis-server in a config file (0600), never on its command line.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String PID_FILE = "redis.pid";

    /** The password of the embedded Redis, created on first start. */
    public static final String PASSWORD_FILE = "redis.password";
    /** Where the settings are written for redis-server (0600: it holds the password). */
    static final String CONFIG_FILE = "redis.conf";
    /** Commands nobody needs against the embedded Redis and an intruder would want most. */
    static final List<String> DISABLED_COMMANDS = List.of("CONFIG", "MODULE", "DEBUG");

    private final StoreProcess server;
    private final int port;

    private final String password;

    private EmbeddedRedis(StoreProcess server, int port, String password) {
        this.server = server;
        this.port = port;
        this.password = password;
    }

    public static EmbeddedRedis start(Path dataDir) {
        Path dir = dataDir.resolve("redis").toAbsolutePath();
        try {
            io.momentum.config.DataDir.create(dir);
            stopOrphanOf(dir);
            return startOnFreePort(dir, io.momentum.config.SecretFile.loadOrCreate(dir.resolve(PASSWORD_FILE)), 3);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Redis in " + dir, e);
        }
    }

    /** The port is free when picked but may be taken before redis-server binds it: retry. */
    private static EmbeddedRedis startOnFreePort(Path dir, String password, int attempts) throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = FreePort.find();
            Path config = writeConfig(dir, port, password);
            List<String> command = List.of(ExecutableProvider.newJarResourceProvider().get().getAbsolutePath(), config.toString());
            try {
                return new EmbeddedRedis(StoreProcess.start("embedded redis-server", command, dir.resolve("redis.log"), port,
                        Duration.ofSeconds(30), connected -> answersPing(connected, password)), port, password);
            } catch (IOException | RuntimeException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                log.warn("embedded Redis could not bind port {}, retrying: {}", port, e.getMessage());
            }
        }
    }

    /**
     * A SIGKILLed server leaves its redis-server child running on the same append-only file;
     * stop it (SIGTERM lets it flush) before a new one opens that file.
     */
    private static void stopOrphanOf(Path dir) throws IOException {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false));
        orphan.ifPresent(p -> {
            log.warn("stopping orphaned embedded redis-server pid={} left by an earlier run", p.pid());
            p.destroy();
            p.onExit().orTimeout(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).join();
        });
        Files.deleteIfExists(pidFile);
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String url() {
        return "redis://:" + password + "@127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** PONG, not LOADING: a restarted Redis accepts connections while it still replays its append-only file. */
    private static boolean answersPing(java.net.Socket connected, String password) throws IOException {
        connected.getOutputStream().write(("AUTH " + password + "\r\nPING\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.io.BufferedReader replies = new java.io.BufferedReader(new java.io.InputStreamReader(connected.getInputStream(),
                java.nio.charset.StandardCharsets.US_ASCII));
        String auth = replies.readLine();
        String ping = replies.readLine();
        return "+OK".equals(auth) && "+PONG".equals(ping);
    }

    private static Path writeConfig(Path dir, int port, String password) throws IOException {
        List<String> lines = new java.util.ArrayList<>(List.of("bind 127.0.0.1", "port " + port, "dir " + dir,
                "pidfile " + dir.resolve(PID_FILE), "appendonly yes", "appendfsync everysec", "save \"\"", "daemonize no",
                "requirepass " + password));
        DISABLED_COMMANDS.forEach(command -> lines.add("rename-command " + command + " \"\""));
        Path config = dir.resolve(CONFIG_FILE);
        Files.deleteIfExists(config);
        Files.createFile(config, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.write(config, lines);
        return config;
    }

    @Override
    public void close() {
        server.close();
    }
}
