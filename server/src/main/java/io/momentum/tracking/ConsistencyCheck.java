package io.momentum.tracking;

import io.momentum.domain.UnknownExperimentException;
import io.momentum.experiment.ExperimentCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares an experiment's Redis counters, the per-segment ones included, with a recount from the MongoDB log
 * (recount on a worker thread), and says how many of the experiment's stream entries are quarantined (counted in
 * Redis, absent from the recount). Segment fields have more parts than experiment-wide ones, so one map holds both.
 */
public final class ConsistencyCheck {
    private final Vertx vertx;
    private final ExperimentCatalog catalog;
    private final CounterStore counters;
    private final CounterRebuild rebuild;
    private final RedisKeys keys;
    private final EventLogWriter writer;
    private final EventLog eventLog;

    public ConsistencyCheck(Vertx vertx, ExperimentCatalog catalog, CounterStore counters, CounterRebuild rebuild, RedisKeys keys,
                            EventLogWriter writer, EventLog eventLog) {
        this.eventLog = eventLog;
        this.vertx = vertx;
        this.catalog = catalog;
        this.counters = counters;
        this.rebuild = rebuild;
        this.keys = keys;
        this.writer = writer;
    }

    /** Fails with {@link UnknownExperimentException} (404) for an id no loaded file defines, as the results do. */
    public Future<ConsistencyReport> check(String experimentId) {
        if (catalog.current().experiment(experimentId).isEmpty()) {
            return Future.failedFuture(new UnknownExperimentException(experimentId));
        }
        RedisKeys.Scope scope = keys.experiment(experimentId);
        Future<Map<String, Long>> fromMongo = vertx.executeBlocking(() -> {
            CounterRebuild.ScopeState state = rebuild.recountExperiment(experimentId);
            Map<String, Long> all = new HashMap<>(state.counters(scope.counters()));
            all.putAll(state.counters(scope.segmentCounters()));
            return all;
        }, false);
        Future<Long> quarantined = vertx.executeBlocking(() -> eventLog.quarantinedCount(experimentId), false);
        Future<Map<String, Long>> live = counters.raw(experimentId);
        Future<Map<String, Long>> liveSegments = counters.rawSegments(experimentId);
        return Future.all(List.of(fromMongo, live, liveSegments, quarantined)).map(done -> {
            Map<String, Long> fromRedis = new HashMap<>(live.result());
            fromRedis.putAll(liveSegments.result());
            return compare(experimentId, fromRedis, fromMongo.result(), quarantined.result());
        });
    }

    private ConsistencyReport compare(String experimentId, Map<String, Long> redis, Map<String, Long> mongo, long quarantined) {
        TreeSet<String> fields = new TreeSet<>(redis.keySet());
        fields.addAll(mongo.keySet());
        List<ConsistencyReport.Difference> differences = new ArrayList<>();
        for (String field : fields) {
            long r = redis.getOrDefault(field, 0L);
            long m = mongo.getOrDefault(field, 0L);
            if (r != m) {
                differences.add(new ConsistencyReport.Difference(field, r, m));
            }
        }
        return new ConsistencyReport(experimentId, differences.isEmpty(), writer.lag(), quarantined, fields.size(), differences);
    }
}
