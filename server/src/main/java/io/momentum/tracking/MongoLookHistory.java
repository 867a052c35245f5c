package io.momentum.tracking;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.momentum.reporting.DecisionStatus;
import io.momentum.reporting.Evidence;
import io.momentum.reporting.Look;
import io.momentum.reporting.LookHistory;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The reports' {@link LookHistory} in MongoDB ({@code result_looks}): one document per recorded look with
 * each comparison's mixture evidence (variant, goal, diff, variance, tau2), the harms the always-valid test
 * showed, the declared winner, and a fixed or bayesian experiment's frozen horizon and decision. Variant and goal names are values, never field names, so any name is safe.
 * Blocking driver: call from a worker thread only.
 */
public final class MongoLookHistory implements LookHistory {
    public static final String COLLECTION = "result_looks";

    private final MongoCollection<Document> looks;

    public MongoLookHistory(MongoDatabase database) {
        this.looks = database.getCollection(COLLECTION);
    }

    public void createIndexes() {
        looks.createIndex(Indexes.ascending("experiment", "at"));
    }

    @Override
    public List<Look> looks(String experimentId) {
        List<Look> loaded = new ArrayList<>();
        for (Document doc : looks.find(Filters.eq("experiment", experimentId)).sort(Sorts.ascending("at"))) {
            loaded.add(look(doc));
        }
        return loaded;
    }

    @Override
    public void record(String experimentId, Look look) {
        List<Document> evidence = look.evidence().stream().map(e -> key(e.key())
                .append("diff", e.evidence().diff()).append("variance", e.evidence().variance()).append("tau2", e.evidence().tau2()))
                .toList();
        List<Document> harms = look.harms().stream().map(MongoLookHistory::key).toList();
        looks.insertOne(new Document("experiment", experimentId).append("at", Date.from(look.at()))
                .append("evidence", evidence).append("harms", harms).append("winner", look.winner())
                .append("horizon", look.horizon()).append("decision", look.decision() == null ? null : look.decision().name()));
    }

    private static Document key(Look.Key key) {
        return new Document("variant", key.variant()).append("goal", key.goal());
    }

    private static Look look(Document doc) {
        List<Look.Entry> evidence = new ArrayList<>();
        for (Document e : doc.getList("evidence", Document.class, List.of())) {
            evidence.add(new Look.Entry(key(e), new Evidence(e.getDouble("diff"), e.getDouble("variance"), e.getDouble("tau2"))));
        }
        List<Look.Key> harms = doc.getList("harms", Document.class, List.of()).stream().map(MongoLookHistory::key).toList();
        Number horizon = doc.get("horizon", Number.class);
        String decision = doc.getString("decision");
        return new Look(doc.getDate("at").toInstant(), evidence, harms, doc.getString("winner"),
                horizon == null ? null : horizon.longValue(), decision == null ? null : DecisionStatus.valueOf(decision));
    }

    private static Look.Key key(Document doc) {
        return new Look.Key(doc.getString("variant"), doc.getString("goal"));
    }
}
