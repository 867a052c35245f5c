package io.momentum.tracking;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the live counter hashes from Redis (one HGETALL, never blocking), as stored: field names of
 * {@link RedisKeys.Fields}, values in minor units (cents). {@link TrackingCounts} is their one decoder.
 */
public final class CounterStore {
    private final Vertx vertx;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;

    public CounterStore(Vertx vertx, RedisClusterAsyncCommands<String, String> redis, RedisKeys keys) {
        this.vertx = vertx;
        this.redis = redis;
        this.keys = keys;
    }

    /** The counter fields of an experiment. */
    public Future<Map<String, Long>> raw(String experimentId) {
        return hash(keys.experiment(experimentId).counters());
    }

    /** The per-segment counter fields of an experiment ({@link RedisKeys.Fields#segment}). */
    public Future<Map<String, Long>> rawSegments(String experimentId) {
        return hash(keys.experiment(experimentId).segmentCounters());
    }

    /** The global counter fields of one goal (every visitor, with or without experiments). */
    public Future<Map<String, Long>> rawGoal(String goal) {
        return hash(keys.goal(goal).counters());
    }

    private Future<Map<String, Long>> hash(String key) {
        return Future.fromCompletionStage(redis.hgetall(key), vertx.getOrCreateContext()).map(values -> {
            Map<String, Long> numbers = new HashMap<>();
            values.forEach((field, value) -> numbers.put(field, Long.parseLong(value)));
            return numbers;
        });
    }
}
