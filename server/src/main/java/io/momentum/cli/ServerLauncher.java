package io.momentum.cli;

import io.momentum.config.ServerConfig;

/**
 * Starts the server for {@code momentum serve}. The root command ({@code io.momentum.Main}) implements it
 * with the real wiring, so the command-line package does not depend on the package that depends on it.
 */
public interface ServerLauncher {
    /** Starts everything and returns once the HTTP port is listening. */
    Running start(ServerConfig config);

    /** A started server. */
    interface Running {
        /** Graceful stop: stop accepting, let in-flight requests finish, flush, then stop the stores. */
        void stop();
    }
}
