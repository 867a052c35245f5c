package io.momentum.tracking;

import io.momentum.MomentumServer;
import io.momentum.config.ServerConfig;
import java.nio.file.Path;

/**
 * {@code serve} with the fixture experiments and an admin token, for tests that run the server as a separate process.
 * Arguments: the data directory, then optionally a MongoDB URI (otherwise the embedded MongoDB of the data directory).
 */
public final class FixtureServerMain {
    private FixtureServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        ServerConfig config = ServerConfig.embedded(TrackingFixtures.writeExperiments(data.resolve("experiments")), data)
                .toBuilder().adminToken(TrackingServer.ADMIN_TOKEN).build();
        if (args.length > 1) {
            config = config.toBuilder().mongoUri(args[1]).build();
        }
        MomentumServer server = MomentumServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "momentum-shutdown"));
        Thread.currentThread().join();
    }
}
