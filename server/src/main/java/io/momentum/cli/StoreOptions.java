package io.momentum.cli;

import io.momentum.config.ServerConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The store options shared by {@code serve} and {@code rebuild}: where Redis and MongoDB are, or where the embedded ones keep data. */
public final class StoreOptions {

    @Option(names = "--data-dir", defaultValue = "${env:MOMENTUM_DATA_DIR:-" + ServerConfig.DEFAULT_DATA_DIR + "}",
            description = "Data directory of the embedded stores (env MOMENTUM_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--redis-url", defaultValue = "${env:REDIS_URL}",
            description = "Redis URL, e.g. redis://127.0.0.1:6379/0 or redis-cluster://host:7000,host:7001 (env REDIS_URL; default: embedded).")
    String redisUrl;

    @Option(names = "--mongo-uri", defaultValue = "${env:MONGO_URI}",
            description = "MongoDB connection string (env MONGO_URI; default: embedded).")
    String mongoUri;

    @Option(names = "--redis-prefix", defaultValue = "${env:MOMENTUM_REDIS_PREFIX:-" + ServerConfig.DEFAULT_REDIS_PREFIX + "}",
            description = "Prefix of all Redis keys (env MOMENTUM_REDIS_PREFIX, default ${DEFAULT-VALUE}).")
    String redisPrefix;

    @Option(names = "--mongo-database", defaultValue = "${env:MOMENTUM_MONGO_DATABASE:-" + ServerConfig.DEFAULT_MONGO_DATABASE + "}",
            description = "MongoDB database name (env MOMENTUM_MONGO_DATABASE, default ${DEFAULT-VALUE}).")
    String mongoDatabase;

    /** Sets the store settings of {@code config} from these options. */
    ServerConfig.Builder applyTo(ServerConfig.Builder config) {
        return config.dataDir(dataDir).redisUrl(redisUrl).redisPrefix(redisPrefix).mongoUri(mongoUri).mongoDatabase(mongoDatabase);
    }
}
