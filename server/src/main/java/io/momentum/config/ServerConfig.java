package io.momentum.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the server needs to start, resolved once from flags and environment variables. Build one with
 * {@link #builder()} (the defaults of {@code momentum serve}, which live here and nowhere else) or
 * {@link #embedded(Path, Path)} (tests and embedding), and change a copy with {@link #toBuilder()}.
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
 * @param metricsPort  when set, {@code /metrics} is served only on this port of the loopback interface instead of
 *                      the public port (0 picks a free one)
 * @param exposureSecret key of the signed exposure tokens; empty means the one kept in {@code dataDir} (created 0600)
 * @param exposureTokensRequired client-sent exposures count only with the token {@code /v1/assign} issued
 *                      (the default of {@code momentum serve}; off in {@link #embedded} for tests and embedding)
 * @param ingestKey    key a backend sends as {@code Authorization: Bearer} on {@code /v1/events} to send
 *                      {@code source: server} events; empty means the one kept in {@code dataDir} (created 0600)
 * @param lookInterval at most one recorded look of an experiment's results per this interval (MongoDB
 *                      {@code result_looks}; README "How Momentum decides"), hourly by default; looks that declare a
 *                      winner or freeze a horizon are always recorded
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
        Optional<String> viewerToken,
        Optional<Integer> metricsPort,
        Optional<String> exposureSecret,
        boolean exposureTokensRequired,
        Optional<String> ingestKey,
        java.time.Duration lookInterval) {

    // Compile-time constants, so the command-line options can show them as their defaults.
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_EXPERIMENTS_DIR = "experiments";
    public static final String DEFAULT_DATA_DIR = "data";
    public static final String DEFAULT_REDIS_PREFIX = "momentum:";
    public static final String DEFAULT_MONGO_DATABASE = "momentum";
    /** Default of {@link #maxEventBacklog}: about 300 MB of Redis memory at ~300 bytes per waiting event. */
    public static final long DEFAULT_MAX_EVENT_BACKLOG = 1_000_000;
    /** Default of {@link #lookInterval}. */
    public static final java.time.Duration DEFAULT_LOOK_INTERVAL = java.time.Duration.ofHours(1);

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
        Objects.requireNonNull(experimentsDir, "experimentsDir");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(redisPrefix, "redisPrefix");
        Objects.requireNonNull(mongoDatabase, "mongoDatabase");
        Objects.requireNonNull(access, "access");
        if (lookInterval == null || lookInterval.isNegative()) {
            throw new IllegalArgumentException("look interval must be zero or more, was " + lookInterval);
        }
        redisUrl = redisUrl.filter(s -> !s.isBlank());
        mongoUri = mongoUri.filter(s -> !s.isBlank());
        adminToken = adminToken.filter(s -> !s.isBlank());
        viewerToken = viewerToken.filter(s -> !s.isBlank());
        Objects.requireNonNull(metricsPort, "metricsPort");
        exposureSecret = exposureSecret.filter(s -> !s.isBlank());
        exposureSecret.filter(s -> s.length() < 32).ifPresent(s -> {
            throw new IllegalArgumentException("the exposure secret must have at least 32 characters, had " + s.length());
        });
        ingestKey = ingestKey.filter(s -> !s.isBlank());
        ingestKey.filter(s -> s.length() < 32).ifPresent(s -> {
            throw new IllegalArgumentException("the ingest key must have at least 32 characters, had " + s.length());
        });
        metricsPort.filter(p -> p < 0 || p > 65535).ifPresent(p -> {
            throw new IllegalArgumentException("metrics port must be between 0 and 65535, was " + p);
        });
    }

    /**
     * A builder with the defaults of {@code momentum serve}: all interfaces on port 8080, {@code experiments/},
     * embedded stores under {@code data/}, no CORS origins, {@link AccessPolicy#DEFAULT_RATE} requests per second
     * per IP with twice that as burst, no tokens, forced variants only where an experiment allows them.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Defaults for tests and embedding: loopback, a free port, embedded stores under {@code dataDir}, no rate limit,
     * client-sent exposures counted without a token.
     */
    public static ServerConfig embedded(Path experimentsDir, Path dataDir) {
        return builder().host("127.0.0.1").port(0).experimentsDir(experimentsDir).dataDir(dataDir)
                .access(AccessPolicy.UNLIMITED).exposureTokensRequired(false).build();
    }

    /** A builder holding every setting of this configuration, to change some of them in a copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.experimentsDir = experimentsDir;
        b.dataDir = dataDir;
        b.redisUrl = redisUrl;
        b.mongoUri = mongoUri;
        b.adminToken = adminToken;
        b.redisPrefix = redisPrefix;
        b.mongoDatabase = mongoDatabase;
        b.access = access;
        b.allowForcedVariants = allowForcedVariants;
        b.maxEventBacklog = maxEventBacklog;
        b.viewerToken = viewerToken;
        b.metricsPort = metricsPort;
        b.exposureSecret = exposureSecret;
        b.exposureTokensRequired = exposureTokensRequired;
        b.ingestKey = ingestKey;
        b.lookInterval = lookInterval;
        return b;
    }

    /** Builds a {@link ServerConfig}; the optional settings take {@code null} or blank as "not set". */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Path experimentsDir = Path.of(DEFAULT_EXPERIMENTS_DIR);
        private Path dataDir = Path.of(DEFAULT_DATA_DIR);
        private Optional<String> redisUrl = Optional.empty();
        private Optional<String> mongoUri = Optional.empty();
        private Optional<String> adminToken = Optional.empty();
        private String redisPrefix = DEFAULT_REDIS_PREFIX;
        private String mongoDatabase = DEFAULT_MONGO_DATABASE;
        private AccessPolicy access = AccessPolicy.DEFAULT;
        private boolean allowForcedVariants;
        private long maxEventBacklog = DEFAULT_MAX_EVENT_BACKLOG;
        private Optional<String> viewerToken = Optional.empty();
        private Optional<Integer> metricsPort = Optional.empty();
        private Optional<String> exposureSecret = Optional.empty();
        private boolean exposureTokensRequired = true;
        private Optional<String> ingestKey = Optional.empty();
        private java.time.Duration lookInterval = DEFAULT_LOOK_INTERVAL;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder experimentsDir(Path dir) {
            this.experimentsDir = dir;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** A real Redis or Redis Cluster; not set starts the embedded Redis. */
        public Builder redisUrl(String url) {
            this.redisUrl = Optional.ofNullable(url);
            return this;
        }

        public Builder redisPrefix(String prefix) {
            this.redisPrefix = prefix;
            return this;
        }

        /** A real MongoDB; not set starts the embedded MongoDB-compatible server. */
        public Builder mongoUri(String uri) {
            this.mongoUri = Optional.ofNullable(uri);
            return this;
        }

        public Builder mongoDatabase(String database) {
            this.mongoDatabase = database;
            return this;
        }

        /** Not set disables the admin routes. */
        public Builder adminToken(String token) {
            this.adminToken = Optional.ofNullable(token);
            return this;
        }

        /** Not set leaves the dashboard and the read APIs open. */
        public Builder viewerToken(String token) {
            this.viewerToken = Optional.ofNullable(token);
            return this;
        }

        /** Not set serves {@code /metrics} on the public port. */
        public Builder metricsPort(Integer port) {
            this.metricsPort = Optional.ofNullable(port);
            return this;
        }

        /** Not set uses the secret kept in the data directory. */
        public Builder exposureSecret(String secret) {
            this.exposureSecret = Optional.ofNullable(secret);
            return this;
        }

        /** Not set uses the key kept in the data directory. */
        public Builder ingestKey(String key) {
            this.ingestKey = Optional.ofNullable(key);
            return this;
        }

        public Builder exposureTokensRequired(boolean required) {
            this.exposureTokensRequired = required;
            return this;
        }

        public Builder access(AccessPolicy access) {
            this.access = access;
            return this;
        }

        public Builder allowForcedVariants(boolean allowed) {
            this.allowForcedVariants = allowed;
            return this;
        }

        public Builder maxEventBacklog(long max) {
            this.maxEventBacklog = max;
            return this;
        }

        /** Zero records every look (tests that read results many times in a few seconds). */
        public Builder lookInterval(java.time.Duration interval) {
            this.lookInterval = interval;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, experimentsDir, dataDir, redisUrl, mongoUri, adminToken, redisPrefix,
                    mongoDatabase, access, allowForcedVariants, maxEventBacklog, viewerToken, metricsPort,
                    exposureSecret, exposureTokensRequired, ingestKey, lookInterval);
        }
    }
}
