package io.momentum.tracking;

import io.momentum.domain.UnknownExperimentException;
import io.momentum.experiment.ExperimentCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Compares an experiment's Redis counters with a recount from the MongoDB log (recount on a worker thread). */
public final class ConsistencyCheck {
    private final Vertx vertx;
    private final ExperimentCatalog catalog;
    private final CounterStore counters;
    private final CounterRebuild rebuild;
    private final RedisKeys keys;
    private final EventLogWriter writer;

    public ConsistencyCheck(Vertx vertx, ExperimentCatalog catalog, CounterStore counters, CounterRebuild rebuild, RedisKeys keys,
                            EventLogWriter writer) {
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
        Future<Map<String, Long>> fromMongo = vertx.executeBlocking(() ->
                rebuild.recountExperiment(experimentId).counters(keys.experiment(experimentId).counters()), false);
        Future<Map<String, Long>> fromRedis = counters.raw(experimentId);
        return Future.all(fromMongo, fromRedis).map(done -> compare(experimentId, fromRedis.result(), fromMongo.result()));
    }

    private ConsistencyReport compare(String experimentId, Map<String, Long> redis, Map<String, Long> mongo) {
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
        return new ConsistencyReport(experimentId, differences.isEmpty(), writer.lag(), fields.size(), differences);
    }
}
