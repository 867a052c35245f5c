package io.momentum.cli;

import io.momentum.config.AccessPolicy;
import io.momentum.config.Cidr;
import io.momentum.config.ServerConfig;
import io.momentum.storage.DataDirLock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code momentum serve}: runs the HTTP service until SIGTERM/SIGINT, then shuts down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the Momentum HTTP server.",
                "Without REDIS_URL / MONGO_URI it starts an embedded Redis and an embedded MongoDB-compatible server",
                "with their data under --data-dir."})
public final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    ServerLauncher launcher;

    @Option(names = "--port", defaultValue = "${env:MOMENTUM_PORT:-" + ServerConfig.DEFAULT_PORT + "}",
            description = "HTTP port, 0 picks a free one (env MOMENTUM_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "${env:MOMENTUM_HOST:-" + ServerConfig.DEFAULT_HOST + "}",
            description = "Address to bind (env MOMENTUM_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--experiments", defaultValue = "${env:MOMENTUM_EXPERIMENTS:-" + ServerConfig.DEFAULT_EXPERIMENTS_DIR + "}",
            description = "Directory of experiment YAML files (env MOMENTUM_EXPERIMENTS, default ${DEFAULT-VALUE}).")
    Path experiments;

    @Option(names = "--admin-token", defaultValue = "${env:MOMENTUM_ADMIN_TOKEN}",
            description = "Bearer token for admin routes (env MOMENTUM_ADMIN_TOKEN; admin routes are disabled without it).")
    String adminToken;

    @Mixin
    StoreOptions stores;

    @Option(names = "--cors-origins", split = ",", defaultValue = "${env:MOMENTUM_CORS_ORIGINS:-}",
            description = "Comma-separated origins allowed to call /v1/assign, /v1/events and /sdk from browsers (env MOMENTUM_CORS_ORIGINS; default none).")
    List<String> corsOrigins;

    @Option(names = "--rate-limit", defaultValue = "${env:MOMENTUM_RATE_LIMIT:-" + AccessPolicy.DEFAULT_RATE + "}",
            description = "Requests per second per client IP on /v1/assign and /v1/events, 0 = unlimited (env MOMENTUM_RATE_LIMIT, default ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(names = "--trusted-proxies", split = ",", defaultValue = "${env:MOMENTUM_TRUSTED_PROXIES:-}",
            description = "Comma-separated proxy addresses or CIDR blocks whose X-Forwarded-For names the client, for the rate limit and the minted-visitor counters (env MOMENTUM_TRUSTED_PROXIES; default none).")
    List<String> trustedProxies;

    @Option(names = "--allow-forced-variants", defaultValue = "${env:MOMENTUM_ALLOW_FORCED_VARIANTS:-false}",
            description = "Honour momentum_force=exp:variant for every experiment, for QA/staging (env MOMENTUM_ALLOW_FORCED_VARIANTS, default ${DEFAULT-VALUE}).")
    boolean allowForcedVariants;

    @Option(names = "--viewer-token", defaultValue = "${env:MOMENTUM_VIEWER_TOKEN}",
            description = "Token that protects the dashboard and the read APIs (Bearer, or Basic password; the admin token works too). Default: open (env MOMENTUM_VIEWER_TOKEN).")
    String viewerToken;

    @Option(names = "--metrics-port", defaultValue = "${env:MOMENTUM_METRICS_PORT}",
            description = "Serve /metrics only on this port of 127.0.0.1 instead of the public port (env MOMENTUM_METRICS_PORT; default: public port).")
    Integer metricsPort;

    @Option(names = "--exposure-secret", defaultValue = "${env:MOMENTUM_EXPOSURE_SECRET}",
            description = "Key (32+ characters) of the signed exposure tokens; give every server of one installation the same "
                    + "(env MOMENTUM_EXPOSURE_SECRET; default: a random one kept in <data-dir>/exposure-token.secret).")
    String exposureSecret;

    @Option(names = "--require-exposure-tokens", defaultValue = "${env:MOMENTUM_REQUIRE_EXPOSURE_TOKENS:-true}", arity = "1",
            description = "Count client-sent exposures only with the token /v1/assign issued (env MOMENTUM_REQUIRE_EXPOSURE_TOKENS, default ${DEFAULT-VALUE}).")
    boolean requireExposureTokens;

    @Option(names = "--ingest-key", defaultValue = "${env:MOMENTUM_INGEST_KEY}",
            description = "Key (32+ characters) your backends send as Authorization: Bearer on /v1/events to send source: server "
                    + "conversions (env MOMENTUM_INGEST_KEY; default: a random one kept in <data-dir>/ingest.key).")
    String ingestKey;

    @Option(names = "--max-event-backlog", defaultValue = "${env:MOMENTUM_MAX_EVENT_BACKLOG:-" + ServerConfig.DEFAULT_MAX_EVENT_BACKLOG + "}",
            description = "Events waiting for the MongoDB writer above which /v1/events answers 503 (env MOMENTUM_MAX_EVENT_BACKLOG, default ${DEFAULT-VALUE}).")
    long maxEventBacklog;

    @Override
    public Integer call() throws Exception {
        ServerLauncher.Running server;
        try {
            server = launcher.start(config());
        } catch (DataDirLock.InUseException e) {
            System.err.println("momentum serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "momentum-shutdown"));
        stopped.await();
        return 0;
    }

    /** The configuration the parsed options and environment variables describe. */
    ServerConfig config() {
        return stores.applyTo(ServerConfig.builder())
                .host(host)
                .port(port)
                .experimentsDir(experiments)
                .adminToken(adminToken)
                .viewerToken(viewerToken)
                .access(AccessPolicy.of(origins(), rateLimit).trusting(proxies()))
                .allowForcedVariants(allowForcedVariants)
                .maxEventBacklog(maxEventBacklog)
                .metricsPort(metricsPort)
                .exposureSecret(exposureSecret)
                .exposureTokensRequired(requireExposureTokens)
                .ingestKey(ingestKey)
                .build();
    }

    private List<Cidr> proxies() {
        return trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }

    private List<String> origins() {
        return corsOrigins == null ? List.of() : corsOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
