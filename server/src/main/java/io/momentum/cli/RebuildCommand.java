package io.momentum.cli;

import io.momentum.config.ServerConfig;
import io.momentum.storage.Storage;
import io.momentum.tracking.CounterRebuild;
import io.momentum.tracking.EventLog;
import io.momentum.tracking.EventLogWriter;
import io.momentum.tracking.RedisKeys;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code momentum rebuild}: drains the Redis event streams into MongoDB, then recomputes every Redis counter
 * (and the per-visitor state the scripts use) from the MongoDB log. Run it with the servers stopped.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Recompute every Redis counter from the MongoDB event log.",
                "First writes whatever the Redis streams still hold to MongoDB; stop the servers before running it.",
                "Uses the same stores as serve (REDIS_URL / MONGO_URI, or the embedded ones under --data-dir)."})
public final class RebuildCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "${env:MOMENTUM_DATA_DIR:-data}",
            description = "Data directory of the embedded stores (env MOMENTUM_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--redis-url", defaultValue = "${env:REDIS_URL}",
            description = "Redis URL, e.g. redis://127.0.0.1:6379/0 or redis-cluster://host:7000,host:7001 (env REDIS_URL; default: embedded).")
    String redisUrl;

    @Option(names = "--mongo-uri", defaultValue = "${env:MONGO_URI}",
            description = "MongoDB connection string (env MONGO_URI; default: embedded).")
    String mongoUri;

    @Option(names = "--redis-prefix", defaultValue = "${env:MOMENTUM_REDIS_PREFIX:-momentum:}",
            description = "Prefix of all Redis keys (env MOMENTUM_REDIS_PREFIX, default ${DEFAULT-VALUE}).")
    String redisPrefix;

    @Option(names = "--mongo-database", defaultValue = "${env:MOMENTUM_MONGO_DATABASE:-momentum}",
            description = "MongoDB database name (env MOMENTUM_MONGO_DATABASE, default ${DEFAULT-VALUE}).")
    String mongoDatabase;

    @Override
    public Integer call() {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, Path.of("."), dataDir, Optional.ofNullable(redisUrl),
                Optional.ofNullable(mongoUri), Optional.empty(), redisPrefix, mongoDatabase);
        try (Storage storage = Storage.open(config)) {
            RedisKeys keys = new RedisKeys(config.redisPrefix());
            EventLog eventLog = new EventLog(storage.mongo());
            eventLog.createIndexes();
            try (EventLogWriter writer = new EventLogWriter(storage.redis(), keys, eventLog, storage::syncMongo)) {
                writer.drain();
            }
            int scopes = new CounterRebuild(storage.redis(), keys, eventLog).rebuildAll();
            System.out.println("{\"rebuilt_scopes\": " + scopes + "}");
            return 0;
        }
    }
}
