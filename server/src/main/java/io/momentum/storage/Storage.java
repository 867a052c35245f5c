package io.momentum.storage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.momentum.config.ServerConfig;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two stores of a running server: Redis (live counters, event stream) through Lettuce and
 * MongoDB (durable event log) through the official driver, plus the embedded servers when no
 * URL was configured.
 */
public final class Storage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Storage.class);

    private final RedisConnector.Connection redis;
    private final MongoClient mongoClient;
    private final MongoDatabase mongo;
    private final String redisPrefix;
    private final Optional<EmbeddedRedis> embeddedRedis;
    private final Optional<EmbeddedMongo> embeddedMongo;
    private final Optional<DataDirLock> dataDirLock;

    private Storage(RedisConnector.Connection redis, MongoClient mongoClient, MongoDatabase mongo, String redisPrefix,
                    Optional<EmbeddedRedis> embeddedRedis, Optional<EmbeddedMongo> embeddedMongo, Optional<DataDirLock> dataDirLock) {
        this.dataDirLock = dataDirLock;
        this.redis = redis;
        this.mongoClient = mongoClient;
        this.mongo = mongo;
        this.redisPrefix = redisPrefix;
        this.embeddedRedis = embeddedRedis;
        this.embeddedMongo = embeddedMongo;
    }

    /**
     * Starts what is embedded (both in parallel, to keep startup short) and connects to both stores. With an
     * embedded store the data directory is locked first ({@link DataDirLock}); a server on shared stores locks nothing.
     */
    public static Storage open(ServerConfig config) {
        boolean embedded = config.redisUrl().isEmpty() || config.mongoUri().isEmpty();
        Optional<DataDirLock> lock = embedded ? Optional.of(DataDirLock.acquire(config.dataDir())) : Optional.empty();
        try {
            return open(config, lock);
        } catch (RuntimeException e) {
            lock.ifPresent(l -> closeQuietly("data directory lock", l));
            throw e;
        }
    }

    private static Storage open(ServerConfig config, Optional<DataDirLock> lock) {
        CompletableFuture<Optional<EmbeddedRedis>> embeddedRedis = CompletableFuture.supplyAsync(() ->
                config.redisUrl().isPresent() ? Optional.empty() : Optional.of(EmbeddedRedis.start(config.dataDir())));
        Optional<EmbeddedMongo> embeddedMongo = config.mongoUri().isPresent()
                ? Optional.empty() : Optional.of(EmbeddedMongo.start(config.dataDir()));
        Optional<EmbeddedRedis> startedRedis = embeddedRedis.join();

        String redisUrl = config.redisUrl().orElseGet(() -> startedRedis.orElseThrow().url());
        String mongoUri = config.mongoUri().orElseGet(() -> embeddedMongo.orElseThrow().connectionString());
        MongoClient mongoClient = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongoUri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(3, TimeUnit.SECONDS))
                .build());
        RedisConnector.Connection redis = RedisConnector.connect(redisUrl);
        log.info("stores connected redis={} mongo={} embeddedRedis={} embeddedMongo={}",
                redacted(redisUrl), redacted(mongoUri), startedRedis.isPresent(), embeddedMongo.isPresent());
        return new Storage(redis, mongoClient, mongoClient.getDatabase(config.mongoDatabase()), config.redisPrefix(),
                startedRedis, embeddedMongo, lock);
    }

    private static String redacted(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    public RedisClusterAsyncCommands<String, String> redis() {
        return redis.commands();
    }

    /** Whether the Redis connection is up (a slow Redis is connected; a stopped one is not). */
    public boolean redisConnected() {
        return redis.connection().isOpen();
    }

    public String redisPrefix() {
        return redisPrefix;
    }

    public MongoDatabase mongo() {
        return mongo;
    }

    /** Blocking MongoDB round trip; call it from a worker thread only. */
    public void pingMongo() {
        mongo.runCommand(new Document("ping", 1));
    }

    /** Makes writes of the embedded MongoDB durable on disk; a no-op against a real MongoDB. */
    public void syncMongo() {
        embeddedMongo.ifPresent(m -> mongoClient.getDatabase("admin").runCommand(EmbeddedMongo.fsyncCommand()));
    }

    @Override
    public void close() {
        closeQuietly("redis connection", redis);
        closeQuietly("mongo client", mongoClient);
        embeddedRedis.ifPresent(r -> closeQuietly("embedded redis", r));
        embeddedMongo.ifPresent(m -> closeQuietly("embedded mongo", m));
        dataDirLock.ifPresent(l -> closeQuietly("data directory lock", l));
    }

    private static void closeQuietly(String what, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("closing {} failed", what, e);
        }
    }
}
