package io.momentum.cli;

import io.momentum.config.ServerConfig;
import io.momentum.storage.Storage;
import io.momentum.tracking.CounterRebuild;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code momentum rebuild}: drains the Redis event streams into MongoDB, then recomputes every Redis counter
 * (and the per-visitor state the scripts use) from the MongoDB log, and empties the flywheel rollup so the next server start
 * rebuilds it from the log. Run it with the servers stopped.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Recompute every Redis counter from the MongoDB event log.",
                "First writes whatever the Redis streams still hold to MongoDB; stop the servers before running it.",
                "Uses the same stores as serve (REDIS_URL / MONGO_URI, or the embedded ones under --data-dir)."})
public final class RebuildCommand implements Callable<Integer> {

    @Mixin
    StoreOptions stores;

    @Override
    public Integer call() {
        ServerConfig config = stores.applyTo(ServerConfig.builder()).build();
        try (Storage storage = Storage.open(config)) {
            int scopes = CounterRebuild.drainAndRebuildAll(storage);
            System.out.println("{\"rebuilt_scopes\": " + scopes + "}");
            return 0;
        }
    }
}
