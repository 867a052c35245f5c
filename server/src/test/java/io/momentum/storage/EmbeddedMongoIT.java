package io.momentum.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded MongoDB as a supervised child JVM: loopback only, 0700, restarted when it dies, an orphan stopped. */
class EmbeddedMongoIT {
    @TempDir
    Path tmp;

    @Test
    void runsInItsOwnProcessOnLoopbackOnlyAndKeepsFsyncedWritesAcrossAKill() throws Exception {
        Path data = tmp.resolve("data");
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data); MongoClient client = MongoClients.create(mongo.connectionString())) {
            long pid = mongo.pid();
            assertNotEquals(ProcessHandle.current().pid(), pid, "a child process, not this JVM");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("mongo"))));
            int port = Integer.parseInt(mongo.connectionString().replaceAll(".*:", ""));
            for (InetAddress address : nonLoopbackAddresses()) {
                assertFalse(accepts(address, port), "reachable on " + address);
            }
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            docs.insertOne(new Document("_id", "before-kill"));
            client.getDatabase("admin").runCommand(EmbeddedMongo.fsyncCommand());

            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL: the supervisor starts it again on the same port
            await("the store restarted").atMost(Duration.ofSeconds(90)).until(() -> mongo.restarts() == 1);
            assertNotEquals(pid, mongo.pid());
            assertEquals(1, await("the driver reconnects").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> docs.countDocuments(new Document("_id", "before-kill")), n -> n == 1));
        }
        assertFalse(Files.exists(data.resolve("mongo").resolve(EmbeddedMongo.PID_FILE)), "a clean stop removes the pid file");
    }

    @Test
    void aStoreLeftRunningByAnEarlierServerIsStoppedAndItsDataKept() throws Exception {
        Path data = tmp.resolve("data");
        try (EmbeddedMongo first = EmbeddedMongo.start(data); MongoClient client = MongoClients.create(first.connectionString())) {
            client.getDatabase("t").getCollection("docs").insertOne(new Document("_id", "kept"));
        }
        // An orphan: the store of a server that was SIGKILLed and has not noticed yet (here its "server" is this JVM).
        Path dir = data.resolve("mongo");
        int orphanPort = FreePort.find();
        Process orphan = new ProcessBuilder(EmbeddedMongo.command(dir.toAbsolutePath(), orphanPort, ProcessHandle.current().pid()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("orphan.log").toFile()).start();
        try {
            await("the orphan wrote its pid file").atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(dir.resolve(EmbeddedMongo.PID_FILE)) && accepts(InetAddress.getLoopbackAddress(), orphanPort));
            try (EmbeddedMongo second = EmbeddedMongo.start(data); MongoClient client = MongoClients.create(second.connectionString())) {
                assertTrue(orphan.waitFor(30, TimeUnit.SECONDS), "the orphan was stopped");
                assertEquals(1, client.getDatabase("t").getCollection("docs").countDocuments(new Document("_id", "kept")));
            }
        } finally {
            orphan.destroyForcibly();
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws Exception {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).toList();
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
