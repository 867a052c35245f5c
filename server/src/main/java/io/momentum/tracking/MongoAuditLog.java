package io.momentum.tracking;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.momentum.audit.AuditLog;
import io.momentum.audit.ExperimentChange;
import io.momentum.experiment.WireName;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** The {@link AuditLog} in the MongoDB collection {@code experiment_changes}, one document per change ({@code _id} = change id). */
public final class MongoAuditLog implements AuditLog {
    public static final String COLLECTION = "experiment_changes";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> changes;

    public MongoAuditLog(MongoDatabase database) {
        this.changes = database.getCollection(COLLECTION);
    }

    public void createIndexes() {
        changes.createIndex(Indexes.ascending("experiment", "at"));
        changes.createIndex(Indexes.ascending("file", "generation"));
    }

    @Override
    public boolean insert(ExperimentChange change) {
        try {
            changes.insertOne(document(change));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCode() == DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Map<String, ExperimentChange> latestPerFile() {
        Map<String, ExperimentChange> latest = new LinkedHashMap<>();
        for (String file : changes.distinct("file", String.class)) {
            Document doc = changes.find(Filters.eq("file", file)).sort(Sorts.descending("generation")).first();
            if (doc != null) {
                latest.put(file, change(doc));
            }
        }
        return latest;
    }

    @Override
    public List<ExperimentChange> history(String experiment, int limit) {
        List<ExperimentChange> history = new ArrayList<>();
        for (Document doc : changes.find(Filters.eq("experiment", experiment)).sort(Sorts.descending("at", "generation")).limit(limit)) {
            history.add(change(doc));
        }
        return history;
    }

    private static Document document(ExperimentChange c) {
        return new Document("_id", c.id()).append("at", Date.from(c.at())).append("file", c.file()).append("generation", c.generation())
                .append("kind", c.kind().wire()).append("experiment", c.experiment()).append("diff", c.diff()).append("yaml", c.yaml())
                .append("version", c.version()).append("problems", c.problems()).append("commit", c.commit())
                .append("author", c.author()).append("uncommitted", c.uncommitted());
    }

    private static ExperimentChange change(Document d) {
        return new ExperimentChange(d.getString("_id"), d.getDate("at").toInstant(), d.getString("file"),
                ((Number) d.get("generation")).longValue(),
                WireName.parse(ExperimentChange.Kind.class, d.getString("kind")).orElse(ExperimentChange.Kind.CHANGED),
                d.getString("experiment"), d.getString("diff"), d.getString("yaml"), ((Number) d.get("version")).longValue(),
                d.getList("problems", String.class, List.of()), d.getString("commit"), d.getString("author"),
                Boolean.TRUE.equals(d.getBoolean("uncommitted")));
    }
}
