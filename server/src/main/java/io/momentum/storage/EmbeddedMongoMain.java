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
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-compatible server as its own process ({@link EmbeddedMongo} starts it): mongo-java-server on
 * an H2 file, bound to the loopback interface only. Arguments: the store's directory, the port, the server's pid.
 * <p>Commit policy, explicit because the defaults say nothing about fsync: H2 writes changes to its file in the
 * background every {@value #AUTO_COMMIT_DELAY_MS} ms (no fsync); the {@code fsync} command commits and forces the file
 * to disk before it answers (the event log writer sends it before it acknowledges entries in the Redis stream); a
 * clean stop (SIGTERM, or the server process gone) commits, forces and closes the file.
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
        MVStore store = new MVStore.Builder().fileName(dir.resolve(DATA_FILE).toString()).open();
        store.setAutoCommitDelay(AUTO_COMMIT_DELAY_MS);
        DurableH2Backend backend = new DurableH2Backend(store);
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

    /** H2Backend that answers MongoDB's {@code fsync} command by committing and forcing the file to disk. */
    static final class DurableH2Backend extends H2Backend {
        DurableH2Backend(MVStore store) {
            super(store);
        }

        synchronized void sync() {
            MVStore store = getMvStore();
            if (!store.isClosed()) {
                store.commit();
                store.sync();
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
            return super.handleCommand(channel, databaseName, command, query);
        }
    }
}
