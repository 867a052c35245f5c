package io.momentum.tracking;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.momentum.bandit.WeightPeriods;
import io.momentum.reporting.ExperimentCounts;
import io.momentum.reporting.GoalCounts;
import io.momentum.reporting.VariantCounts;
import io.momentum.reporting.WeightPeriod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The bandits' {@link WeightPeriods} in MongoDB ({@code allocation_periods}): one document per
 * period, {@code _id = "experiment:n"}, with its start, weights and the primary goal's counters at the
 * start. The unique id makes concurrent server instances agree: only one of them can write period n.
 * Blocking driver: call from a worker thread only.
 */
public final class MongoWeightPeriods implements WeightPeriods {
    static final String COLLECTION = "allocation_periods";

    private final MongoCollection<Document> periods;

    public MongoWeightPeriods(MongoDatabase database) {
        this.periods = database.getCollection(COLLECTION);
    }

    public void createIndexes() {
        periods.createIndex(Indexes.ascending("experiment", "n"));
    }

    @Override
    public List<WeightPeriod> load(String experimentId, String goal) {
        List<WeightPeriod> loaded = new ArrayList<>();
        for (Document doc : periods.find(Filters.eq("experiment", experimentId)).sort(Sorts.ascending("n"))) {
            loaded.add(period(experimentId, goal, doc));
        }
        return loaded;
    }

    @Override
    public boolean insert(String experimentId, int n, WeightPeriod period, String goal) {
        Document weights = new Document();
        period.weights().forEach(weights::append);
        Document counts = new Document();
        for (VariantCounts v : period.countsAtStart().variants()) {
            counts.append(v.key(), new Document("exposures", v.exposures()).append("converters", v.goal(goal).converters()));
        }
        try {
            periods.insertOne(new Document("_id", experimentId + ":" + n).append("experiment", experimentId).append("n", n)
                    .append("start", Date.from(period.start())).append("goal", goal).append("weights", weights).append("counts", counts));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private static WeightPeriod period(String experimentId, String goal, Document doc) {
        Map<String, Double> weights = new LinkedHashMap<>();
        doc.get("weights", Document.class).forEach((k, v) -> weights.put(k, ((Number) v).doubleValue()));
        List<VariantCounts> variants = new ArrayList<>();
        doc.get("counts", Document.class).forEach((k, v) -> {
            Document c = (Document) v;
            long converters = ((Number) c.get("converters")).longValue();
            variants.add(new VariantCounts(k, ((Number) c.get("exposures")).longValue(),
                    Map.of(goal, new GoalCounts(converters, converters, 0, 0)), null, 0));
        });
        Instant start = doc.getDate("start").toInstant();
        return new WeightPeriod(start, weights, new ExperimentCounts(experimentId, variants));
    }
}
