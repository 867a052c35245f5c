package io.momentum.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything the server needs to start, resolved once from flags and environment variables.
 *
 * @param redisUrl     a real Redis (or Redis Cluster) URL; empty means start the embedded Redis
 * @param mongoUri     a real MongoDB URI; empty means start the embedded MongoDB-compatible server
 * @param adminToken   bearer token for admin routes; empty disables them
 * @param redisPrefix  prefix of every Redis key, so several installations (or tests) can share one Redis
 * @param mongoDatabase the MongoDB database name
 * @param access       CORS origins and per-IP rate limits of the public routes
 * @param allowForcedVariants whether {@code momentum_force} may override assignment for every experiment
 *                      (QA/staging); when false only experiments with {@code allow_forced_variants} honour it
 * @param maxEventBacklog events waiting in the Redis streams for the MongoDB writer above which
 *                      {@code /v1/events} sheds load with 503 (bounds Redis memory while MongoDB is down or slow)
 * @param viewerToken  token that protects the dashboard and the read APIs (results, experiments, flywheel);
 *                      empty leaves them open (the default)
 */
public record ServerConfig(
        String host,
        int port,
        Path experimentsDir,
        Path dataDir,
        Optional<String> redisUrl,
        Optional<String> mongoUri,
        Optional<String> adminToken,
        String redisPrefix,
        String mongoDatabase,
        AccessPolicy access,
        boolean allowForcedVariants,
        long maxEventBacklog,
        Optional<String> viewerToken) {

    /** Default of {@link #maxEventBacklog}: about 300 MB of Redis memory at ~300 bytes per waiting event. */
    public static final long DEFAULT_MAX_EVENT_BACKLOG = 1_000_000;

    public ServerConfig {
        if (maxEventBacklog < 1) {
            throw new IllegalArgumentException("max event backlog must be at least 1, was " + maxEventBacklog);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        redisUrl = redisUrl.filter(s -> !s.isBlank());
        mongoUri = mongoUri.filter(s -> !s.isBlank());
        adminToken = adminToken.filter(s -> !s.isBlank());
        viewerToken = viewerToken.filter(s -> !s.isBlank());
    }

    /** With the default event backlog bound. */
    public ServerConfig(String host, int port, Path experimentsDir, Path dataDir, Optional<String> redisUrl,
                        Optional<String> mongoUri, Optional<String> adminToken, String redisPrefix, String mongoDatabase,
                        AccessPolicy access, boolean allowForcedVariants) {
        this(host, port, experimentsDir, dataDir, redisUrl, mongoUri, adminToken, redisPrefix, mongoDatabase, access,
                allowForcedVariants, DEFAULT_MAX_EVENT_BACKLOG, Optional.empty());
    }

    /** Without forced variants for every experiment (the production default). */
    public ServerConfig(String host, int port, Path experimentsDir, Path dataDir, Optional<String> redisUrl,
                        Optional<String> mongoUri, Optional<String> adminToken, String redisPrefix, String mongoDatabase,
                        AccessPolicy access) {
        this(host, port, experimentsDir, dataDir, redisUrl, mongoUri, adminToken, redisPrefix, mongoDatabase, access, false);
    }

    /** Defaults for tests and embedding: loopback, a free port, embedded stores under {@code dataDir}. */
    public static ServerConfig embedded(Path experimentsDir, Path dataDir) {
        return new ServerConfig("127.0.0.1", 0, experimentsDir, dataDir,
                Optional.empty(), Optional.empty(), Optional.empty(), "momentum:", "momentum", AccessPolicy.UNLIMITED, false);
    }

    public ServerConfig withRedis(String url, String prefix) {
        return new ServerConfig(host, port, experimentsDir, dataDir, Optional.of(url), mongoUri, adminToken, prefix, mongoDatabase, access, allowForcedVariants, maxEventBacklog, viewerToken);
    }

    public ServerConfig withAdminToken(String token) {
        return new ServerConfig(host, port, experimentsDir, dataDir, redisUrl, mongoUri, Optional.of(token), redisPrefix, mongoDatabase, access, allowForcedVariants, maxEventBacklog, viewerToken);
    }

    public ServerConfig withAccess(AccessPolicy policy) {
        return new ServerConfig(host, port, experimentsDir, dataDir, redisUrl, mongoUri, adminToken, redisPrefix, mongoDatabase, policy, allowForcedVariants, maxEventBacklog, viewerToken);
    }

    public ServerConfig withForcedVariantsAllowed(boolean allowed) {
        return new ServerConfig(host, port, experimentsDir, dataDir, redisUrl, mongoUri, adminToken, redisPrefix, mongoDatabase, access, allowed, maxEventBacklog, viewerToken);
    }

    public ServerConfig withMongo(String uri) {
        return new ServerConfig(host, port, experimentsDir, dataDir, redisUrl, Optional.of(uri), adminToken, redisPrefix, mongoDatabase, access, allowForcedVariants, maxEventBacklog, viewerToken);
    }

    public ServerConfig withMaxEventBacklog(long max) {
        return new ServerConfig(host, port, experimentsDir, dataDir, redisUrl, mongoUri, adminToken, redisPrefix, mongoDatabase, access, allowForcedVariants, max, viewerToken);
    }

    public ServerConfig withViewerToken(String token) {
        return new ServerConfig(host, port, experimentsDir, dataDir, redisUrl, mongoUri, adminToken, redisPrefix, mongoDatabase, access, allowForcedVariants, maxEventBacklog, Optional.of(token));
    }
}
