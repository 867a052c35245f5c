package io.momentum.tracking;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many acknowledged events wait in the Redis streams for the MongoDB writer, measured every
 * {@value #CHECK_EVERY_MS} ms (one SMEMBERS and one XLEN per stream). When MongoDB is down or slow the streams
 * grow; past the bound new batches are refused with 503 so Redis memory stays bounded instead of running out.
 */
public final class EventBacklog implements AutoCloseable {
    static final long CHECK_EVERY_MS = 100;

    private final Vertx vertx;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final long max;
    private final AtomicBoolean measuring = new AtomicBoolean();
    private volatile long waiting;
    private long timer = -1;

    public EventBacklog(Vertx vertx, RedisClusterAsyncCommands<String, String> redis, RedisKeys keys, long max) {
        this.vertx = vertx;
        this.redis = redis;
        this.keys = keys;
        this.max = max;
    }

    public EventBacklog start() {
        timer = vertx.setPeriodic(CHECK_EVERY_MS, ignored -> measure());
        return this;
    }

    /** True when the events waiting for MongoDB have reached the bound: shed load. */
    public boolean full() {
        return waiting >= max;
    }

    public long waiting() {
        return waiting;
    }

    public long max() {
        return max;
    }

    private void measure() {
        if (!measuring.compareAndSet(false, true)) {
            return; // the previous measurement is still running (slow or absent Redis)
        }
        redis.smembers(keys.streams())
                .thenCompose(streams -> streams.stream()
                        .map(stream -> redis.xlen(stream).toCompletableFuture())
                        .reduce(CompletableFuture.completedFuture(0L), (a, b) -> a.thenCombine(b, Long::sum)))
                .whenComplete((total, failure) -> {
                    if (failure == null) {
                        waiting = total;
                    }
                    measuring.set(false);
                });
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
