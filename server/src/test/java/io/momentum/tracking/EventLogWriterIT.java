package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.lettuce.core.Consumer;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.momentum.storage.EmbeddedMongo;
import io.momentum.storage.EmbeddedRedis;
import io.momentum.storage.RedisConnector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer takes over what a crashed writer read but never acknowledged, writes it once and empties the stream;
 * against the embedded store (whose duplicate-key error is not 11000), a replayed event counts as written and a
 * conflicting one is quarantined without holding back the rest.
 */
class EventLogWriterIT {
    @TempDir
    Path tmp;
    private final String prefix = TrackingFixtures.uniquePrefix();
    private final RedisKeys keys = new RedisKeys(prefix);
    private EmbeddedRedis redisServer;
    private RedisConnector.Connection connection;
    private RedisClusterAsyncCommands<String, String> redis;
    private EmbeddedMongo mongo;
    private MongoClient client;

    @BeforeEach
    void open() {
        redisServer = EmbeddedRedis.start(tmp);
        connection = RedisConnector.connect(redisServer.url());
        redis = connection.commands();
        mongo = EmbeddedMongo.start(tmp);
        client = MongoClients.create(mongo.connectionString());
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        mongo.close();
        connection.close();
        redisServer.close();
    }

    @Test
    @Timeout(60)
    void reclaimsEntriesACrashedWriterLeftPending() throws Exception {
        String stream = keys.experiment("pricing-hero").stream();
        redis.sadd(keys.streams(), stream).toCompletableFuture().get();
        redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), EventLogWriter.GROUP, XGroupCreateArgs.Builder.mkstream()).toCompletableFuture().get();
        redis.xadd(stream, Map.of("e", "{\"_id\":\"e1\",\"type\":\"exposure\",\"visitor\":\"v1\",\"experiment\":\"pricing-hero\",\"at\":1000,\"received\":1000}",
                "x", "pricing-hero", "v", "control", "k", "1", "at", "1000")).toCompletableFuture().get();
        redis.xreadgroup(Consumer.from(EventLogWriter.GROUP, "crashed-writer"), XReadArgs.StreamOffset.lastConsumed(stream)).toCompletableFuture().get();

        EventLog eventLog = new EventLog(client.getDatabase("test"));
        try (EventLogWriter writer = new EventLogWriter(redis, keys, eventLog, () -> { }, Duration.ZERO, () -> { })) {
            writer.drain();
        }

        assertEquals(1, eventLog.events().countDocuments(new Document("_id", "e1")));
        assertEquals("control", eventLog.visitorExperiments().find(new Document("_id", "pricing-hero:v1")).first().getString("variant"));
        assertEquals(0L, redis.xlen(stream).toCompletableFuture().get());
        assertEquals(0L, redis.xpending(stream, EventLogWriter.GROUP).toCompletableFuture().get().getCount());
    }

    @Test
    @Timeout(60)
    void aReplayIsWrittenAndAConflictIsQuarantinedWhileTheRestDrains() throws Exception {
        String stream = keys.experiment("pricing-hero").stream();
        redis.sadd(keys.streams(), stream).toCompletableFuture().get();
        EventLog eventLog = new EventLog(client.getDatabase("test"));
        eventLog.createIndexes();
        eventLog.write(java.util.List.of(EventLog.Entry.of(exposure("e1", "v1")))); // written before a crash, never acknowledged
        eventLog.events().insertOne(new Document("_id", "e2").append("type", "exposure").append("visitor", "someone-else"));
        // e1 again with a later receive time: the retry of a batch a killed server had counted elsewhere only
        redis.xadd(stream, exposure("e1", "v1", 5000)).toCompletableFuture().get();
        for (String id : java.util.List.of("e2", "e3")) {
            redis.xadd(stream, exposure(id, "v" + id.substring(1))).toCompletableFuture().get();
        }

        try (EventLogWriter writer = new EventLogWriter(redis, keys, eventLog, () -> { }, Duration.ZERO, () -> { })) {
            writer.drain();
            assertEquals(1, writer.quarantined());
        }

        assertEquals(1, eventLog.events().countDocuments(new Document("_id", "e1")));
        assertEquals(1, eventLog.events().countDocuments(new Document("_id", "e3")));
        assertEquals("someone-else", eventLog.events().find(new Document("_id", "e2")).first().getString("visitor"));
        assertEquals(2, eventLog.visitorExperiments().countDocuments()); // a quarantined entry is not applied at all
        assertEquals(1, eventLog.quarantinedCount("pricing-hero"));
        QuarantinedEntry quarantined = eventLog.quarantined().get(0);
        assertEquals(stream, quarantined.stream());
        assertEquals(exposure("e2", "v2"), quarantined.fields());
        org.junit.jupiter.api.Assertions.assertFalse(quarantined.error().isBlank());
        assertEquals(0L, redis.xlen(stream).toCompletableFuture().get());
        assertEquals(0L, redis.xpending(stream, EventLogWriter.GROUP).toCompletableFuture().get().getCount());
    }

    @Test
    @Timeout(90)
    void aStoreThatLostAnIndexEntryQuarantinesThatEntryAndDrainsTheRest() throws Exception {
        String stream = keys.experiment("pricing-hero").stream();
        redis.sadd(keys.streams(), stream).toCompletableFuture().get();
        EventLog written = new EventLog(client.getDatabase("momentum"));
        written.createIndexes();
        // e0 keeps the index non-empty: the store rebuilds an empty index when it opens, not a partial one
        written.write(java.util.List.of(EventLog.Entry.of(exposure("e0", "v0")), EventLog.Entry.of(exposure("e1", "v1"))));
        client.close();
        mongo.close();
        dropIdIndexEntry(tmp.resolve("mongo").resolve("momentum.mv"), "momentum.events", "e1"); // what a commit in mid-insert left
        mongo = EmbeddedMongo.start(tmp);
        client = MongoClients.create(mongo.connectionString());
        EventLog eventLog = new EventLog(client.getDatabase("momentum"));
        redis.xadd(stream, exposure("e1", "v1", 5000)).toCompletableFuture().get(); // the replay the store now refuses with error -1
        redis.xadd(stream, exposure("e2", "v2")).toCompletableFuture().get();

        try (EventLogWriter writer = new EventLogWriter(redis, keys, eventLog, () -> { }, Duration.ZERO, () -> { })) {
            writer.drain();
            assertEquals(1, writer.quarantined());
        }

        assertEquals(1, eventLog.events().countDocuments(new Document("_id", "e2")));
        assertEquals(1, eventLog.quarantinedCount("pricing-hero"));
        assertEquals(0L, redis.xlen(stream).toCompletableFuture().get());
    }

    /** Removes a document's entry from the {@code _id} index of mongo-java-server's H2 file, leaving the document. */
    private static void dropIdIndexEntry(Path file, String collection, String id) {
        org.h2.mvstore.MVStore store = new org.h2.mvstore.MVStore.Builder().fileName(file.toString()).open();
        try {
            org.h2.mvstore.MVMap<Object, Object> index = store.openMap(collection + "._index__id_");
            Object key = index.entrySet().stream().filter(e -> id.equals(e.getValue())).findFirst().orElseThrow().getKey();
            index.remove(key);
            store.commit();
        } finally {
            store.close();
        }
    }

    private static Map<String, String> exposure(String id, String visitor) {
        return exposure(id, visitor, 1000);
    }

    private static Map<String, String> exposure(String id, String visitor, long received) {
        return Map.of("e", "{\"_id\":\"" + id + "\",\"type\":\"exposure\",\"visitor\":\"" + visitor
                        + "\",\"experiment\":\"pricing-hero\",\"at\":1000,\"received\":" + received + "}",
                "x", "pricing-hero", "v", "control", "k", "1", "at", "1000");
    }
}
