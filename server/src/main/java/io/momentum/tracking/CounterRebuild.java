package io.momentum.tracking;

import com.mongodb.client.model.Filters;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.momentum.storage.Storage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes the Redis counters (and the per-visitor state the scripts need) from the MongoDB log:
 * experiments from {@code visitor_experiments}, global goals from the conversion (and survey/referral) {@code events}.
 * Blocking; for {@code momentum rebuild} and the consistency check. Rebuild with ingest stopped and
 * the streams drained; the event-id dedupe keys and the streams are left as they are.
 *
 * <p>The counting rules have one source, the Lua scripts (uniqueness, exposure-before-conversion, the value
 * cap, first survey answer): they write each visitor's resulting state into the stream and so into
 * {@code visitor_experiments}. This class does not re-decide any of it; it only sums that per-visitor state
 * into the same counter fields ({@link RedisKeys.Fields}), which the consistency check compares field by field.
 * Replaying the events through the scripts instead would need the log in arrival order, which it does not keep.
 */
public final class CounterRebuild {
    private static final Logger log = LoggerFactory.getLogger(CounterRebuild.class);
    private static final int CHUNK = 1000;
    /** Event types that also count as the goal of the same name (see EventIngest). */
    private static final List<String> DERIVED_GOALS = List.of(EventType.SURVEY.wire(), EventType.REFERRAL.wire());

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final EventLog eventLog;

    public CounterRebuild(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys, EventLog eventLog) {
        this.redis = redis;
        this.keys = keys;
        this.eventLog = eventLog;
    }

    /**
     * {@code momentum rebuild}: writes what the streams still hold to MongoDB, writes the quarantined entries again
     * (those the store now accepts leave the quarantine), then rebuilds every counter from it and empties the flywheel rollup (the server rebuilds it).
     * Returns how many scopes were written.
     */
    public static int drainAndRebuildAll(Storage storage) {
        RedisKeys keys = new RedisKeys(storage.redisPrefix());
        EventLog eventLog = new EventLog(storage.mongo());
        eventLog.createIndexes();
        try (EventLogWriter writer = new EventLogWriter(storage.redis(), keys, eventLog, storage::syncMongo)) {
            writer.drain();
            long quarantined = writer.retryQuarantined();
            storage.syncMongo();
            if (quarantined > 0) {
                log.warn("{} stream entries stay in the {} collection (the store still rejects them); the rebuilt counters leave them out",
                        quarantined, EventLog.QUARANTINE);
            }
        }
        // The flywheel rollup is emptied too: the next server start rebuilds it from the log just written.
        new MongoFlywheelRollup(storage.mongo()).reset();
        return new CounterRebuild(storage.redis(), keys, eventLog).rebuildAll();
    }

    /** Everything one hash tag holds, recomputed: key -> hash fields. */
    public record ScopeState(Map<String, Map<String, String>> hashes) {
        /** The counter fields (the {@code :c} hash) as numbers. */
        public Map<String, Long> counters(String countersKey) {
            Map<String, Long> numbers = new HashMap<>();
            hashes.getOrDefault(countersKey, Map.of()).forEach((f, v) -> numbers.put(f, Long.parseLong(v)));
            return numbers;
        }
    }

    /** Counters and state of one experiment, from its visitor documents (segment counters from the segments stored there). */
    public ScopeState recountExperiment(String experimentId) {
        RedisKeys.Scope scope = keys.experiment(experimentId);
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, Long> segmentCounters = new LinkedHashMap<>();
        Map<String, Map<String, String>> hashes = new LinkedHashMap<>();
        for (Document doc : eventLog.visitorExperiments().find(Filters.eq(EventLog.EXPERIMENT, experimentId))) {
            String visitor = doc.getString(EventLog.VISITOR);
            String variant = doc.getString(EventLog.VARIANT);
            java.util.Date exposedAt = doc.getDate(EventLog.EXPOSED_AT);
            Map<String, String> segments = new LinkedHashMap<>();
            Document stored = doc.get(EventLog.SEGMENTS, Document.class);
            if (stored != null) {
                stored.forEach((dimension, value) -> segments.put(dimension, String.valueOf(value)));
                put(hashes, scope.segments(), visitor, RedisKeys.Fields.segments(segments));
                segments.forEach((dimension, value) -> {
                    if (!io.momentum.experiment.Dimension.OTHER.equals(value)
                            && put(hashes, scope.segmentValues(), dimension + "|" + value, "1") == null) {
                        hashes.get(scope.segmentValues()).merge(dimension, "1", (a, b) -> Long.toString(Long.parseLong(a) + 1));
                    }
                });
            }
            add(counters, RedisKeys.Fields.exposures(variant), 1);
            segments.forEach((d, v) -> add(segmentCounters, RedisKeys.Fields.segment(RedisKeys.Fields.exposures(variant), d, v), 1));
            put(hashes, scope.exposures(), visitor, variant + "|" + (exposedAt == null ? 0 : exposedAt.getTime()));
            Document goals = doc.get(EventLog.GOALS, Document.class);
            if (goals != null) {
                goals.forEach((field, value) -> {
                    String goal = EventLog.goalName(field);
                    Document g = (Document) value;
                    long count = g.get(EventLog.COUNT, Number.class).longValue();
                    long total = g.get(EventLog.TOTAL, Number.class).longValue();
                    addGoal(counters, RedisKeys.Fields.converters(variant, goal), RedisKeys.Fields.conversions(variant, goal),
                            RedisKeys.Fields.valueSum(variant, goal), RedisKeys.Fields.valueSumSquares(variant, goal), count, total);
                    segments.forEach((d, v) -> addGoal(segmentCounters,
                            RedisKeys.Fields.segment(RedisKeys.Fields.converters(variant, goal), d, v),
                            RedisKeys.Fields.segment(RedisKeys.Fields.conversions(variant, goal), d, v),
                            RedisKeys.Fields.segment(RedisKeys.Fields.valueSum(variant, goal), d, v),
                            RedisKeys.Fields.segment(RedisKeys.Fields.valueSumSquares(variant, goal), d, v), count, total));
                    put(hashes, scope.goalVisitors(goal), visitor, count + "|" + total);
                });
            }
            String survey = doc.getString(EventLog.SURVEY);
            if (survey != null) {
                add(counters, RedisKeys.Fields.surveyAnswerCounter(variant, survey), 1);
                put(hashes, scope.surveys(), visitor, survey);
            }
            Number referrals = doc.get(EventLog.REFERRALS, Number.class);
            if (referrals != null && referrals.longValue() > 0) {
                add(counters, RedisKeys.Fields.referrals(variant), referrals.longValue());
                add(counters, RedisKeys.Fields.referrers(variant), 1);
                put(hashes, scope.referrals(), visitor, Long.toString(referrals.longValue()));
            }
        }
        counters.forEach((f, v) -> put(hashes, scope.counters(), f, Long.toString(v)));
        segmentCounters.forEach((f, v) -> put(hashes, scope.segmentCounters(), f, Long.toString(v)));
        return new ScopeState(hashes);
    }

    /** Global counters and state of one goal, from its conversion events (per-visitor totals capped as live). */
    public ScopeState recountGoal(String goal) {
        RedisKeys.Scope scope = keys.goal(goal);
        Map<String, long[]> perVisitor = new HashMap<>();
        for (Document event : eventLog.events().find(Filters.or(
                Filters.and(Filters.eq(EventLog.TYPE, EventType.CONVERSION.wire()), Filters.eq(EventLog.GOAL, goal)),
                Filters.and(Filters.in(EventLog.TYPE, DERIVED_GOALS), Filters.eq(EventLog.TYPE, goal))))) {
            long[] state = perVisitor.computeIfAbsent(event.getString(EventLog.VISITOR), v -> new long[2]);
            state[0]++;
            Number value = event.get(EventLog.VALUE, Number.class);
            state[1] = Math.min(EventParser.MAX_VALUE_MINOR, state[1] + (value == null ? 0 : value.longValue()));
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, Map<String, String>> hashes = new LinkedHashMap<>();
        perVisitor.forEach((visitor, state) -> {
            addGoal(counters, RedisKeys.Fields.GOAL_CONVERTERS, RedisKeys.Fields.GOAL_CONVERSIONS, RedisKeys.Fields.GOAL_VALUE_SUM,
                    RedisKeys.Fields.GOAL_VALUE_SUM_SQUARES, state[0], state[1]);
            put(hashes, scope.visitors(), visitor, state[0] + "|" + state[1]);
        });
        counters.forEach((f, v) -> put(hashes, scope.counters(), f, Long.toString(v)));
        return new ScopeState(hashes);
    }

    /** Rebuilds every experiment and goal found in the log; returns how many scopes were written. */
    public int rebuildAll() {
        List<String> experiments = eventLog.visitorExperiments().distinct(EventLog.EXPERIMENT, String.class).into(new ArrayList<>());
        List<String> goals = eventLog.events().distinct(EventLog.GOAL, Filters.eq(EventLog.TYPE, EventType.CONVERSION.wire()), String.class)
                .into(new ArrayList<>());
        eventLog.events().distinct(EventLog.TYPE, Filters.in(EventLog.TYPE, DERIVED_GOALS), String.class).into(goals);
        for (String experiment : experiments) {
            replace(keys.experiment(experiment), recountExperiment(experiment));
            log.info("rebuilt counters of experiment {}", experiment);
        }
        for (String goal : goals) {
            replace(keys.goal(goal), recountGoal(goal));
        }
        log.info("rebuilt {} experiments and {} goals from MongoDB", experiments.size(), goals.size());
        return experiments.size() + goals.size();
    }

    /** Deletes the scope's counters and state (not its stream, not its event-id keys), then writes the recount. */
    private void replace(RedisKeys.Scope scope, ScopeState state) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = await(redis.scan(cursor, ScanArgs.Builder.matches(scope.pattern()).limit(CHUNK)));
            for (String key : page.getKeys()) {
                if (!key.equals(scope.stream()) && !key.startsWith(scope.seen(""))) {
                    await(redis.del(key));
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        state.hashes().forEach((key, fields) -> {
            List<Map.Entry<String, String>> entries = new ArrayList<>(fields.entrySet());
            for (int i = 0; i < entries.size(); i += CHUNK) {
                Map<String, String> chunk = new LinkedHashMap<>();
                entries.subList(i, Math.min(entries.size(), i + CHUNK)).forEach(e -> chunk.put(e.getKey(), e.getValue()));
                await(redis.hset(key, chunk));
            }
        });
    }

    private static void addGoal(Map<String, Long> counters, String converters, String conversions, String valueSum,
                                String valueSumSquares, long count, long total) {
        if (count <= 0) {
            return;
        }
        add(counters, converters, 1);
        add(counters, conversions, count);
        if (total > 0) {
            add(counters, valueSum, total);
            add(counters, valueSumSquares, Math.multiplyExact(total, total));
        }
    }

    private static void add(Map<String, Long> counters, String field, long amount) {
        counters.merge(field, amount, Math::addExact);
    }

    /** Returns the field's previous value, or null. */
    private static String put(Map<String, Map<String, String>> hashes, String key, String field, String value) {
        return hashes.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(field, value);
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Redis command failed during rebuild: " + e.getMessage(), e);
        }
    }
}
