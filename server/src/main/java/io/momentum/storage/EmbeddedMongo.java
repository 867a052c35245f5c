package io.momentum.storage;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An in-process MongoDB-wire-compatible server (mongo-java-server, H2 file under the data
 * directory). The application reaches it only through the official MongoDB driver.
 */
public final class EmbeddedMongo implements AutoCloseable {
    private final MongoServer server;
    private final H2Backend backend;
    private final String connectionString;

    private EmbeddedMongo(MongoServer server, H2Backend backend, String connectionString) {
        this.server = server;
        this.backend = backend;
        this.connectionString = connectionString;
    }

    public static EmbeddedMongo start(Path dataDir) {
        Path dir = dataDir.resolve("mongo").toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
        H2Backend backend = new H2Backend(dir.resolve("momentum.mv").toString());
        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new EmbeddedMongo(server, backend, server.getConnectionString());
    }

    public String connectionString() {
        return connectionString;
    }

    /** Forces the H2 store to disk; a real MongoDB gets the same guarantee from its write concern. */
    public void commit() {
        backend.commit();
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
