package io.momentum.storage;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-compatible server as its own process ({@link EmbeddedMongo} starts it): mongo-java-server on
 * an H2 file, bound to the loopback interface only. Arguments: the store's directory, the port, the server's pid.
 * <p>Commit policy, explicit because the defaults say nothing about fsync: the store commits its changes to the file
 * every {@value #AUTO_COMMIT_DELAY_MS} ms (no fsync); the {@code fsync} command commits and forces the file to disk
 * before it answers (the event log writer sends it before it acknowledges entries in the Redis stream); a clean stop
 * (SIGTERM, or the server process gone) commits, forces and closes the file. Every commit waits for the writing
 * commands in flight and holds new ones back (reads go on beside it): H2's own background commit could store half
 * of an insert (the document without its {@code _id} index entry), and after a SIGKILL every later insert of that id
 * failed with error -1, stalling the log.
 */
public final class EmbeddedMongoMain {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoMain.class);
    static final String DATA_FILE = "momentum.mv";
    static final int AUTO_COMMIT_DELAY_MS = 1000;

    private EmbeddedMongoMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Optional<ProcessHandle> owner = ProcessHandle.of(Long.parseLong(args[2]));
        MVStore store = new MVStore.Builder().fileName(dir.resolve(DATA_FILE).toString()).autoCommitDisabled().open();
        DurableH2Backend backend = new DurableH2Backend(store);
        ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-mongo-commit");
            thread.setDaemon(true);
            return thread;
        });
        committer.scheduleWithFixedDelay(backend::periodicCommit, AUTO_COMMIT_DELAY_MS, AUTO_COMMIT_DELAY_MS, TimeUnit.MILLISECONDS);
        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Path pidFile = dir.resolve(EmbeddedMongo.PID_FILE);
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, backend, pidFile), "embedded-mongo-stop"));
        log.info("embedded MongoDB listening on 127.0.0.1:{} with its data in {}", port, dir);
        // A SIGKILLed server cannot stop its store: the store notices and stops itself cleanly.
        owner.ifPresentOrElse(p -> p.onExit().thenRun(() -> {
            log.warn("the momentum server (pid {}) is gone; stopping", p.pid());
            System.exit(0);
        }), () -> System.exit(0));
        Thread.currentThread().join();
    }

    private static void stop(MongoServer server, DurableH2Backend backend, Path pidFile) {
        server.stopListening();
        backend.sync();
        server.shutdown();
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", pidFile, e.toString());
        }
    }

    /**
     * H2Backend whose commits fall between commands, never inside one, and that answers MongoDB's {@code fsync}
     * command by committing and forcing the file to disk.
     */
    static final class DurableH2Backend extends H2Backend {
        /**
         * The commands that change documents or indexes: only these hold a commit back. Reads do not, so a long scan
         * (the flywheel rollup's, a consistency recount) never delays the writer's fsync.
         */
        private static final java.util.Set<String> MUTATING = java.util.Set.of("insert", "update", "delete", "findandmodify",
                "createindexes", "dropindexes", "drop", "dropdatabase", "create", "renamecollection", "aggregate");
        private final ReadWriteLock commits = new ReentrantReadWriteLock();
        private volatile long lastCommit = System.nanoTime();

        DurableH2Backend(MVStore store) {
            super(store);
        }

        /**
         * Commits without fsync (the file survives a killed process, not a power cut) unless a commit ran within the
         * last period (the writer's fsync does, once per pass): each commit holds the inserts back while it writes.
         * A failure waits for the next period.
         */
        void periodicCommit() {
            if (System.nanoTime() - lastCommit < TimeUnit.MILLISECONDS.toNanos(AUTO_COMMIT_DELAY_MS)) {
                return;
            }
            try {
                exclusively(MVStore::commit);
            } catch (RuntimeException e) {
                // logged by exclusively; the periodic commit must not stop
            }
        }

        /** Commits and forces the file to disk. */
        void sync() {
            exclusively(store -> {
                store.commit();
                store.sync();
            });
        }

        private void exclusively(java.util.function.Consumer<MVStore> action) {
            commits.writeLock().lock();
            try {
                MVStore store = getMvStore();
                if (!store.isClosed()) {
                    action.accept(store);
                    lastCommit = System.nanoTime();
                }
            } catch (RuntimeException e) {
                log.warn("embedded MongoDB commit failed: {}", e.toString());
                throw e;
            } finally {
                commits.writeLock().unlock();
            }
        }

        @Override
        public de.bwaldvogel.mongo.bson.Document handleCommand(Channel channel, String databaseName, String command,
                                                              de.bwaldvogel.mongo.bson.Document query) {
            if (command.equalsIgnoreCase("fsync")) {
                sync();
                de.bwaldvogel.mongo.bson.Document ok = new de.bwaldvogel.mongo.bson.Document();
                ok.put("ok", 1.0);
                return ok;
            }
            if (!MUTATING.contains(command.toLowerCase(java.util.Locale.ROOT))) {
                return super.handleCommand(channel, databaseName, command, query); // a commit may run beside a read
            }
            commits.readLock().lock();
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                commits.readLock().unlock();
            }
        }
    }
}
