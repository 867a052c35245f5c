package io.momentum.storage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-compatible server ({@link EmbeddedMongoMain}: mongo-java-server on an H2 file under the data
 * directory) as a supervised child JVM with its own heap, bound to 127.0.0.1 on a free port. A crash of the server
 * process never kills the store mid-write, a store that dies is restarted on the same port (the driver reconnects),
 * and a store left running by a SIGKILLed server is found by its pid file and stopped before a new one opens the file.
 * The application reaches it only through the official MongoDB driver.
 */
public final class EmbeddedMongo implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);
    static final String PID_FILE = "mongo.pid";
    /** The child's own heap: H2 keeps the data on disk and caches pages; aggregations over the log need some room. */
    static final String HEAP = "-Xmx512m";
    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration ORPHAN_STOP = Duration.ofSeconds(30);
    private static final Duration RESTART_BACKOFF = Duration.ofSeconds(1);

    private final Path dir;
    private final int port;
    private final AtomicInteger restarts = new AtomicInteger();
    private StoreProcess process;
    private boolean closed;

    private EmbeddedMongo(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts the store of {@code dataDir/mongo} (0700) and returns once the MongoDB driver can ping it. */
    public static EmbeddedMongo start(Path dataDir) {
        Path dir = dataDir.resolve("mongo").toAbsolutePath();
        try {
            io.momentum.config.DataDir.create(dir);
            stopOrphanOf(dir);
            for (int attempt = 1; ; attempt++) {
                EmbeddedMongo mongo = new EmbeddedMongo(dir, FreePort.find());
                try {
                    mongo.launch();
                    return mongo;
                } catch (IOException e) {
                    if (attempt >= 3) {
                        throw e;
                    }
                    log.warn("embedded MongoDB could not start on port {}, retrying: {}", mongo.port, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded MongoDB in " + dir, e);
        }
    }

    private synchronized void launch() throws IOException {
        StoreProcess started = StoreProcess.start("embedded MongoDB", command(), dir.resolve("mongo.log"), port, READY,
                connected -> answersPing(port));
        process = started;
        started.onExit().thenRun(() -> superviseExit(started));
    }

    private List<String> command() {
        return command(dir, port, ProcessHandle.current().pid());
    }

    /**
     * The same java binary and class path as this server, with its own heap. The store's directory comes first, as a
     * system property, because the OS shows only the first 4 kB of a command line (the class path is longer).
     */
    static List<String> command(Path dir, int port, long ownerPid) {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), marker(dir),
                HEAP, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-cp", classPath, EmbeddedMongoMain.class.getName(),
                dir.toString(), Integer.toString(port), Long.toString(ownerPid));
    }

    /** What tells the store of {@code dir} apart from any other process that got its pid. */
    private static String marker(Path dir) {
        return "-Dmomentum.embedded-mongo=" + dir;
    }

    /** A store that exits while the server runs (killed, out of memory) is started again on the same port. */
    private void superviseExit(StoreProcess exited) {
        while (true) {
            synchronized (this) {
                if (closed || process != exited) {
                    return;
                }
                log.warn("the embedded MongoDB (pid {}) exited with code {}; restarting it on port {}", exited.pid(),
                        exited.exitCode(), port);
                try {
                    stopOrphanOf(dir);
                    launch();
                    restarts.incrementAndGet();
                    log.info("embedded MongoDB restarted (pid {})", process.pid());
                    return;
                } catch (IOException | RuntimeException e) {
                    log.warn("restarting the embedded MongoDB failed, trying again in {}: {}", RESTART_BACKOFF, e.getMessage());
                }
            }
            try {
                Thread.sleep(RESTART_BACKOFF.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether the real MongoDB driver gets an answer to {@code ping}, not only a TCP accept. */
    private static boolean answersPing(int port) {
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString(port)))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(1, TimeUnit.SECONDS))
                .build())) {
            client.getDatabase("admin").runCommand(new Document("ping", 1));
            return true;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /**
     * A SIGKILLed server's store stops by itself once it notices; if it still runs (or a new server came first), stop it
     * (SIGTERM: it commits and closes its file) before a new one opens that file, which H2 locks.
     */
    private static void stopOrphanOf(Path dir) throws IOException {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker(dir) + " ")).orElse(false));
        orphan.ifPresent(p -> {
            log.warn("stopping the embedded MongoDB pid={} left running by an earlier server", p.pid());
            p.destroy();
            try {
                p.onExit().get(ORPHAN_STOP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.warn("the orphaned embedded MongoDB pid={} did not stop within {}, killing it", p.pid(), ORPHAN_STOP);
                p.destroyForcibly();
                p.onExit().orTimeout(ORPHAN_STOP.toMillis(), TimeUnit.MILLISECONDS).join();
            }
        });
        Files.deleteIfExists(pidFile);
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String connectionString(int port) {
        return "mongodb://127.0.0.1:" + port;
    }

    public String connectionString() {
        return connectionString(port);
    }

    /** The pid of the running store process (tests kill it to check the supervision). */
    public synchronized long pid() {
        return process.pid();
    }

    /** How often the store was restarted after it exited on its own. */
    public int restarts() {
        return restarts.get();
    }

    /** The MongoDB command that makes every write so far durable on disk ({@link EmbeddedMongoMain}'s commit policy). */
    public static Document fsyncCommand() {
        return new Document("fsync", 1);
    }

    @Override
    public void close() {
        StoreProcess running;
        synchronized (this) {
            closed = true;
            running = process;
        }
        running.close();
    }
}
