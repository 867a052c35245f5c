package io.momentum.tracking;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the Redis event streams into MongoDB on its own thread: reads new entries as one consumer
 * of the group {@value #GROUP}, bulk-writes them (see {@link EventLog}), makes the write durable,
 * then deletes and acknowledges exactly those entries (XDEL + XACK, so unacknowledged entries are
 * never trimmed). Entries another consumer left pending for {@link #CLAIM_IDLE} (a crashed server) are
 * claimed with XAUTOCLAIM. Creates the indexes when MongoDB first answers. Several servers may run
 * writers on the same streams. A document the store rejects never stalls the log: {@link LogBatchWriter}
 * writes the rest and quarantines it.
 */
public final class EventLogWriter implements AutoCloseable {
    public static final String GROUP = "momentum-mongo-writer";
    static final Duration CLAIM_IDLE = Duration.ofSeconds(10);
    private static final Duration CLAIM_EVERY = Duration.ofSeconds(5);
    private static final Duration IDLE_PAUSE = Duration.ofMillis(50);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration COMMAND_WAIT = Duration.ofSeconds(10);
    private static final int READ_COUNT = 1000;
    /**
     * New entries one pass reads at most, over all streams (each stream gets an equal share, at least one; claiming
     * abandoned entries keeps {@link #READ_COUNT} so a takeover is not slowed). Without a bound, 20 experiment streams
     * gave passes of 20,000 entries, and the embedded MongoDB, then in the server's heap, ran out of memory in the bench.
     * Not lower: each pass ends with a commit and fsync, and ExactnessIT's writer took 243 s at 10,000 against 278 s at 2,000.
     */
    static final int MAX_PASS_ENTRIES = 10_000;
    private static final Logger log = LoggerFactory.getLogger(EventLogWriter.class);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final EventLog eventLog;
    private final Duration claimIdle;
    private final Runnable makeDurable;
    private final String consumer = "writer-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    private final Set<String> streamsWithGroup = new HashSet<>();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final LogBatchWriter batchWriter;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastClaim;

    /**
     * @param makeDurable called after each MongoDB write and before acknowledging ({@code Storage::syncMongo})
     */
    public EventLogWriter(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys, EventLog eventLog, Runnable makeDurable) {
        this(redis, keys, eventLog, makeDurable, CLAIM_IDLE, () -> { });
    }

    /** @param onQuarantine called once per entry moved to the quarantine (the metrics counter) */
    public EventLogWriter(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys, EventLog eventLog, Runnable makeDurable,
                          Runnable onQuarantine) {
        this(redis, keys, eventLog, makeDurable, CLAIM_IDLE, onQuarantine);
    }

    EventLogWriter(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys, EventLog eventLog, Runnable makeDurable,
                   Duration claimIdle, Runnable onQuarantine) {
        this.claimIdle = claimIdle;
        this.batchWriter = new LogBatchWriter(eventLog, () -> {
            quarantined.incrementAndGet();
            onQuarantine.run();
        });
        this.redis = redis;
        this.keys = keys;
        this.eventLog = eventLog;
        this.makeDurable = makeDurable;
        this.thread = new Thread(this::loop, "momentum-event-log-writer");
        this.thread.setDaemon(true);
    }

    /** Measures the lag once before the thread starts, so that a new server never reports 0 for a backlog it has not looked at. */
    public EventLogWriter start() {
        try {
            measureLag();
        } catch (RuntimeException e) {
            log.warn("event log writer could not measure its lag at start (the first pass will): {}", e.toString());
        }
        thread.start();
        return this;
    }

    /** Entries not yet in MongoDB (pending + unread), as of the writer's last pass. */
    public long lag() {
        return lag.get();
    }

    /** Stream entries written to MongoDB since start. */
    public long written() {
        return written.get();
    }

    /** Entries in the quarantine collection (as counted when MongoDB first answered, plus those quarantined since). */
    public long quarantined() {
        return quarantined.get();
    }

    /** Writes the quarantined entries again (for rebuild); returns how many are still quarantined. */
    public long retryQuarantined() {
        long left = batchWriter.retryQuarantined();
        quarantined.set(left);
        return left;
    }

    /** Measures the lag now (one XLEN per stream); acknowledged entries are deleted, so the length is the lag. */
    public long measureLag() {
        long total = 0;
        for (String stream : await(redis.smembers(keys.streams()))) {
            total += await(redis.xlen(stream));
        }
        lag.set(total);
        return total;
    }

    /** Runs passes on the calling thread until every stream is empty (for rebuild and tests); the thread must not be started. */
    public void drain() {
        while (measureLag() > 0) {
            if (pass() == 0) {
                sleep(IDLE_PAUSE);
            }
        }
    }

    private void loop() {
        boolean indexed = false;
        while (running) {
            try {
                if (!indexed) {
                    eventLog.createIndexes(); // here, not at startup: a MongoDB that is down must not stop the server starting
                    quarantined.addAndGet(eventLog.quarantinedCount());
                    indexed = true;
                }
                int processed = pass();
                measureLag();
                if (processed == 0 && running) {
                    sleep(IDLE_PAUSE);
                }
            } catch (RuntimeException e) {
                streamsWithGroup.clear(); // a Redis that comes back empty needs the groups created again
                log.warn("event log writer pass failed, retrying in {} ms: {}", RETRY_PAUSE.toMillis(), e.toString());
                sleep(RETRY_PAUSE);
            }
        }
    }

    /** One pass over every stream: claim abandoned entries now and then, read new ones, write, acknowledge. */
    private int pass() {
        Set<String> streams = await(redis.smembers(keys.streams()));
        Map<String, List<StreamMessage<String, String>>> batch = new LinkedHashMap<>();
        boolean claim = System.nanoTime() - lastClaim > CLAIM_EVERY.toNanos();
        int perStream = Math.max(1, Math.min(READ_COUNT, MAX_PASS_ENTRIES / Math.max(1, streams.size())));
        for (String stream : streams) {
            ensureGroup(stream);
            List<StreamMessage<String, String>> messages = new ArrayList<>();
            if (claim) {
                messages.addAll(await(redis.xautoclaim(stream,
                        XAutoClaimArgs.Builder.xautoclaim(Consumer.from(GROUP, consumer), claimIdle, "0-0").count(READ_COUNT))).getMessages());
            }
            messages.addAll(await(redis.xreadgroup(Consumer.from(GROUP, consumer), XReadArgs.Builder.count(perStream),
                    XReadArgs.StreamOffset.lastConsumed(stream))));
            acknowledgeDeleted(stream, messages);
            if (!messages.isEmpty()) {
                batch.put(stream, messages);
            }
        }
        if (claim) {
            lastClaim = System.nanoTime();
        }
        if (batch.isEmpty()) {
            return 0;
        }
        List<LogBatchWriter.StreamEntry> entries = new ArrayList<>();
        batch.forEach((stream, messages) -> messages.forEach(m -> entries.add(new LogBatchWriter.StreamEntry(stream, m.getId(), m.getBody()))));
        batchWriter.write(entries);
        makeDurable.run();
        // Delete before acknowledging: a crash in between leaves only a pending id without an entry, which
        // acknowledgeDeleted clears when it is claimed; the stream length stays the true lag.
        batch.forEach((stream, messages) -> {
            String[] ids = messages.stream().map(StreamMessage::getId).toArray(String[]::new);
            await(redis.xdel(stream, ids));
            await(redis.xack(stream, GROUP, ids));
        });
        written.addAndGet(entries.size());
        return entries.size();
    }

    /** Claimed ids whose entries were already deleted (written, then a crash before XACK) are just acknowledged. */
    private void acknowledgeDeleted(String stream, List<StreamMessage<String, String>> messages) {
        String[] deleted = messages.stream().filter(m -> m.getBody() == null || m.getBody().isEmpty())
                .map(StreamMessage::getId).toArray(String[]::new);
        if (deleted.length > 0) {
            await(redis.xack(stream, GROUP, deleted));
            messages.removeIf(m -> m.getBody() == null || m.getBody().isEmpty());
        }
    }

    private void ensureGroup(String stream) {
        if (streamsWithGroup.contains(stream)) {
            return;
        }
        try {
            await(redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream()));
        } catch (RedisBusyException e) {
            // BUSYGROUP: another writer (or an earlier run) created it
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
                throw e;
            }
        }
        streamsWithGroup.add(stream);
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(COMMAND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Redis did not answer within " + COMMAND_WAIT, e);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the pass in flight (its entries are written and acknowledged, or stay pending for the next start). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
