package io.momentum.tracking;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The durable event log in MongoDB (blocking driver: call it from a worker thread only).
 *
 * <p>{@code events}: one document per event, {@code _id} = event id, so replays are idempotent.
 * {@code visitor_experiments}: one document per visitor and experiment ({@code _id} = "experiment:visitor")
 * with what the counters counted: variant, first exposure time, per goal the visitor's conversion count
 * and value total, the survey answer, the referral count and the segments fixed at the first exposure. Updates use {@code $set}/{@code $min}/{@code $max}
 * of the values the Lua script computed, so applying a stream entry twice changes nothing.
 */
public final class EventLog implements EventSink {
    public static final String EVENTS = "events";
    public static final String VISITOR_EXPERIMENTS = "visitor_experiments";
    /** Stream entries the store rejected even one by one, with the error (see {@link LogBatchWriter}). */
    public static final String QUARANTINE = "event_log_quarantine";

    static final String ID = "_id";
    static final String TYPE = "type";
    static final String VISITOR = "visitor";
    static final String EXPERIMENT = "experiment";
    static final String GOAL = "goal";
    static final String VALUE = "value";
    static final String SCORE = "score";
    static final String CHOICE = "choice";
    static final String VARIANT = "variant";
    static final String AT = "at";
    static final String RECEIVED = "received";
    static final String EXPOSED_AT = "exposed_at";
    static final String GOALS = "goals";
    static final String COUNT = "count";
    static final String TOTAL = "total";
    static final String SURVEY = "survey";
    static final String REFERRALS = "referrals";
    /** The advocate's code a referred visitor landed with ({@code ref} on the wire). */
    static final String REFERRER = "referrer";
    /** {@code server} on events a backend sent with the ingest key; absent on browser events. */
    static final String SOURCE = "source";
    /** The visitor's segments fixed at the first exposure: dimension -> value. */
    static final String SEGMENTS = "segments";
    static final String STREAM = "stream";
    static final String ENTRY_ID = "entry_id";
    static final String FIELDS = "fields";
    static final String ERROR = "error";
    static final String QUARANTINED_AT = "quarantined_at";

    /** What mongo-java-server answers when its backend throws; a real MongoDB uses positive codes only. */
    private static final int BACKEND_ERROR = -1;
    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> visitorExperiments;
    private final MongoCollection<Document> quarantine;

    public EventLog(MongoDatabase database) {
        this.events = database.getCollection(EVENTS);
        this.visitorExperiments = database.getCollection(VISITOR_EXPERIMENTS);
        this.quarantine = database.getCollection(QUARANTINE);
    }

    /** The indexes the recounts query by; every extra index slows the writer down. */
    public void createIndexes() {
        events.createIndex(Indexes.ascending(TYPE, GOAL));
        // Only referred visitors' events carry a referrer; the reward results look them up by it.
        events.createIndex(Indexes.ascending(REFERRER), new com.mongodb.client.model.IndexOptions().sparse(true));
        visitorExperiments.createIndex(Indexes.ascending(EXPERIMENT));
        quarantine.createIndex(Indexes.ascending(EXPERIMENT));
    }

    public MongoCollection<Document> events() {
        return events;
    }

    public MongoCollection<Document> visitorExperiments() {
        return visitorExperiments;
    }

    /** One stream entry as the Lua script wrote it ({@link StreamFields}): the event and what the script counted for its experiment. */
    record Entry(Document event, String experiment, String variant, boolean counted, Map<String, String> fields) {
        static Entry of(Map<String, String> fields) {
            Document event = Document.parse(fields.get(StreamFields.EVENT));
            event.put(AT, new Date(((Number) event.get(AT)).longValue()));
            event.put(RECEIVED, new Date(((Number) event.get(RECEIVED)).longValue()));
            return new Entry(event, fields.getOrDefault(StreamFields.EXPERIMENT, ""), fields.getOrDefault(StreamFields.VARIANT, ""),
                    "1".equals(fields.get(StreamFields.COUNTED)), fields);
        }

        long number(String field) {
            return Long.parseLong(fields.getOrDefault(field, "0"));
        }
    }

    /**
     * Writes a batch of stream entries; returns once MongoDB acknowledged all of it. Events are inserted once per id
     * (a conversion arrives once per experiment stream; an id already stored is a replay and is skipped) and the
     * entries of one visitor document are merged into one update.
     */
    @Override
    public void write(List<Entry> entries) {
        try {
            writeBulk(entries);
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                throw e; // the documents are fine, the store is not: retry the pass
            }
            throw rejected(e);
        } catch (MongoWriteException e) {
            throw rejected(e);
        } catch (MongoCommandException e) {
            if (!isBackendRefusal(e)) {
                throw e;
            }
            throw rejected(e);
        }
    }

    /**
     * The embedded store's answer when its backend throws (a real MongoDB never sends -1): a refusal of the documents,
     * not an outage. A store that SIGKILL left with a document but not its {@code _id} index entry refuses every insert
     * of that id this way; the per-entry fallback then keeps the rest of the log moving.
     */
    private static boolean isBackendRefusal(MongoCommandException e) {
        return e.getErrorCode() == BACKEND_ERROR;
    }

    /**
     * One entry on its own. An event id already stored with the same content is a replay (the store may say so
     * with error 11000 or, like the embedded H2 backend, with another code); the same id with other content is rejected.
     * A visitor upsert that lost a race with another writer's insert is retried once (MongoDB's advice for upserts).
     */
    @Override
    public void writeOne(Entry entry) {
        Document event = entry.event();
        try {
            events.insertOne(event);
        } catch (MongoWriteException e) {
            if (!storedWithSameContent(event)) {
                throw rejected(e);
            }
        } catch (MongoCommandException e) {
            if (!isBackendRefusal(e)) {
                throw e;
            }
            if (!storedWithSameContent(event)) {
                throw rejected(e);
            }
        }
        java.util.Optional<Bson> update = visitorUpdate(entry);
        if (update.isEmpty()) {
            return;
        }
        Bson filter = Filters.eq(ID, visitorExperimentId(entry.experiment(), entry.event().getString(VISITOR)));
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        try {
            visitorExperiments.updateOne(filter, update.get(), upsert);
        } catch (MongoWriteException first) {
            try {
                visitorExperiments.updateOne(filter, update.get(), upsert);
            } catch (MongoWriteException e) {
                throw rejected(e);
            }
        }
    }

    /** Idempotent: quarantining the same stream entry again replaces its document. */
    @Override
    public void quarantine(QuarantinedEntry entry) {
        Document fields = new Document();
        entry.fields().forEach(fields::put);
        Document doc = new Document(ID, entry.stream() + "/" + entry.id()).append(STREAM, entry.stream()).append(ENTRY_ID, entry.id())
                .append(EXPERIMENT, entry.fields().getOrDefault(StreamFields.EXPERIMENT, "")).append(FIELDS, fields)
                .append(ERROR, entry.error()).append(QUARANTINED_AT, new Date());
        quarantine.replaceOne(Filters.eq(ID, doc.get(ID)), doc, new ReplaceOptions().upsert(true));
    }

    @Override
    public List<QuarantinedEntry> quarantined() {
        List<QuarantinedEntry> entries = new ArrayList<>();
        for (Document doc : quarantine.find()) {
            Map<String, String> fields = new LinkedHashMap<>();
            doc.get(FIELDS, Document.class).forEach((k, v) -> fields.put(k, String.valueOf(v)));
            entries.add(new QuarantinedEntry(doc.getString(STREAM), doc.getString(ENTRY_ID), fields, doc.getString(ERROR)));
        }
        return entries;
    }

    @Override
    public void release(QuarantinedEntry entry) {
        quarantine.deleteOne(Filters.eq(ID, entry.stream() + "/" + entry.id()));
    }

    @Override
    public long quarantinedCount() {
        return quarantine.countDocuments();
    }

    /** Quarantined entries of one experiment's stream (a global goal's entries have no experiment). */
    public long quarantinedCount(String experiment) {
        return quarantine.countDocuments(Filters.eq(EXPERIMENT, experiment));
    }

    private static RejectedWrite rejected(RuntimeException e) {
        return new RejectedWrite(e.getMessage(), e);
    }

    private void writeBulk(List<Entry> entries) {
        Map<Object, Document> events = new LinkedHashMap<>();
        Map<String, List<Bson>> visitorUpdates = new LinkedHashMap<>();
        for (Entry entry : entries) {
            events.putIfAbsent(entry.event().get(ID), entry.event());
            visitorUpdate(entry).ifPresent(update -> visitorUpdates.computeIfAbsent(
                    visitorExperimentId(entry.experiment(), entry.event().getString(VISITOR)), k -> new ArrayList<>()).add(update));
        }
        insertIgnoringReplays(events.values().stream().map(InsertOneModel::new).toList());
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        List<WriteModel<Document>> visitorWrites = new ArrayList<>();
        visitorUpdates.forEach((id, updates) -> visitorWrites.add(new UpdateOneModel<>(Filters.eq(ID, id), merged(updates), upsert)));
        if (!visitorWrites.isEmpty()) {
            visitorExperiments.bulkWrite(visitorWrites, new BulkWriteOptions().ordered(true));
        }
    }

    /** A duplicate id is a replay only when the stored event has the same content; anything else rejects the bulk. */
    private void insertIgnoringReplays(List<InsertOneModel<Document>> inserts) {
        if (inserts.isEmpty()) {
            return;
        }
        try {
            events.bulkWrite(inserts, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            boolean onlyReplays = e.getWriteConcernError() == null && e.getWriteErrors().stream().allMatch(error ->
                    error.getCode() == DUPLICATE_KEY && storedWithSameContent(inserts.get(error.getIndex()).getDocument()));
            if (!onlyReplays) {
                throw e;
            }
        }
    }

    /**
     * The receive time is not content: a retried batch that a killed server had counted for some experiments only
     * is counted for the others on the retry, so the same event reaches their streams with a later receive time.
     */
    private boolean storedWithSameContent(Document event) {
        Document stored = events.find(Filters.eq(ID, event.get(ID))).first();
        return stored != null && withoutReceiveTime(stored).equals(withoutReceiveTime(event));
    }

    private static org.bson.BsonDocument withoutReceiveTime(Document event) {
        org.bson.BsonDocument content = event.toBsonDocument();
        content.remove(RECEIVED);
        return content;
    }

    /** Several updates of one document as one: later operators of the same kind extend the earlier ones. */
    private static Bson merged(List<Bson> updates) {
        Document combined = new Document();
        for (Bson update : updates) {
            Document doc = update.toBsonDocument().entrySet().stream().collect(Document::new,
                    (d, e) -> d.put(e.getKey(), e.getValue()), Document::putAll);
            doc.forEach((operator, fields) -> {
                Document target = (Document) combined.computeIfAbsent(operator, k -> new Document());
                org.bson.BsonDocument values = (org.bson.BsonDocument) fields;
                values.forEach((field, value) -> target.merge(field, value, (a, b) -> mergeValue(operator, (org.bson.BsonValue) a, (org.bson.BsonValue) b)));
            });
        }
        return combined;
    }

    private static org.bson.BsonValue mergeValue(String operator, org.bson.BsonValue a, org.bson.BsonValue b) {
        return switch (operator) {
            case "$max" -> compare(a, b) >= 0 ? a : b;
            case "$min" -> compare(a, b) <= 0 ? a : b;
            default -> b;
        };
    }

    private static int compare(org.bson.BsonValue a, org.bson.BsonValue b) {
        long x = a.isDateTime() ? a.asDateTime().getValue() : a.asNumber().longValue();
        long y = b.isDateTime() ? b.asDateTime().getValue() : b.asNumber().longValue();
        return Long.compare(x, y);
    }

    private static Document segmentsDocument(Map<String, String> segments) {
        Document document = new Document();
        segments.forEach(document::append);
        return document;
    }

    static String visitorExperimentId(String experiment, String visitor) {
        return experiment + ":" + visitor;
    }

    /** Goal names may contain dots, which MongoDB reads as paths; '%' is in no goal name, so this is reversible. */
    static String goalField(String goal) {
        return goal.replace(".", "%2E");
    }

    static String goalName(String field) {
        return field.replace("%2E", ".");
    }

    private static java.util.Optional<Bson> visitorUpdate(Entry entry) {
        if (entry.experiment().isEmpty() || entry.variant().isEmpty()) {
            return java.util.Optional.empty();
        }
        Bson identity = Updates.combine(Updates.set(EXPERIMENT, entry.experiment()),
                Updates.set(VISITOR, entry.event().getString(VISITOR)), Updates.set(VARIANT, entry.variant()));
        String type = entry.event().getString(TYPE);
        if (EventType.EXPOSURE.wire().equals(type)) {
            Bson exposed = Updates.combine(identity, Updates.min(EXPOSED_AT, new Date(entry.number(StreamFields.EXPOSED_AT))));
            Map<String, String> segments = RedisKeys.Fields.parseSegments(entry.fields().get(StreamFields.SEGMENTS));
            return java.util.Optional.of(segments.isEmpty() ? exposed
                    : Updates.combine(exposed, Updates.set(SEGMENTS, segmentsDocument(segments))));
        }
        if (!entry.counted()) {
            return java.util.Optional.empty();
        }
        if (entry.fields().containsKey(StreamFields.GOAL)) { // a conversion, or a survey/referral counted as the goal of that name
            String path = GOALS + "." + goalField(entry.fields().get(StreamFields.GOAL)) + ".";
            return java.util.Optional.of(Updates.combine(identity, Updates.max(path + COUNT, entry.number(StreamFields.COUNT)),
                    Updates.max(path + TOTAL, entry.number(StreamFields.TOTAL))));
        }
        if (EventType.SURVEY.wire().equals(type)) {
            return java.util.Optional.of(Updates.combine(identity, Updates.set(SURVEY, entry.fields().get(StreamFields.ANSWER))));
        }
        return java.util.Optional.of(Updates.combine(identity, Updates.max(REFERRALS, entry.number(StreamFields.COUNT))));
    }
}
