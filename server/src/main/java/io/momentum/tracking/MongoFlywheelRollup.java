package io.momentum.tracking;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.momentum.reporting.FlywheelRollup;
import io.momentum.reporting.FlywheelTallies;
import io.momentum.reporting.VisitorContribution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The flywheel's daily rollup ({@link FlywheelRollup}) in MongoDB, the one owner of its layout:
 * {@code flywheel_daily} one document per segment and UTC day ({@code _id} "segment|day", {@code dim} the
 * dimension or "" for all visitors, {@code f} field -> sum), the lost instants of a day in a second document
 * ({@code _id} "segment|day|w") so a report reads them for one day only; {@code flywheel_visitors} each visitor's
 * stored contribution; {@code flywheel_rollup} the state ({@code _id} "state": definition fingerprint, whether the rollup is
 * complete, its watermark, the seqlock generation (odd while a chunk is written), the run number and its lease). Blocking driver: call from a worker thread only.
 */
public final class MongoFlywheelRollup implements FlywheelRollup {
    public static final String DAILY = "flywheel_daily";
    public static final String VISITORS = "flywheel_visitors";
    public static final String STATE = "flywheel_rollup";

    private static final String ID = "_id";
    private static final String STATE_ID = "state";
    private static final String SEGMENT = "seg";
    private static final String DIMENSION = "dim";
    private static final String DAY = "day";
    private static final String PART = "part";
    /** The lost instants' fields ({@code w<stage>_<millis>}), kept in the day's second document. */
    private static final String INSTANTS = "w";
    private static final String FIELDS = "f";
    private static final String SEGMENTS = "segments";
    private static final String ENTRIES = "entries";
    private static final String FINGERPRINT = "fingerprint";
    private static final String WATERMARK = "watermark";
    private static final String GENERATION = "generation";
    private static final String COMPLETE = "complete";
    private static final String RUN = "run";
    private static final String LEASE_UNTIL = "lease_until";

    private final MongoCollection<Document> daily;
    private final MongoCollection<Document> visitors;
    private final MongoCollection<Document> state;

    public MongoFlywheelRollup(MongoDatabase database) {
        this.daily = database.getCollection(DAILY);
        this.visitors = database.getCollection(VISITORS);
        this.state = database.getCollection(STATE);
    }

    public void createIndexes() {
        daily.createIndex(Indexes.ascending(DIMENSION, DAY));
    }

    @Override
    public Optional<State> state(String fingerprint) {
        Document s = state.find(Filters.eq(ID, STATE_ID)).first();
        if (s == null || !fingerprint.equals(s.getString(FINGERPRINT)) || !Boolean.TRUE.equals(s.getBoolean(COMPLETE))
                || s.getDate(WATERMARK) == null) {
            return Optional.empty();
        }
        long generation = number(s, GENERATION);
        return Optional.of(new State(s.getDate(WATERMARK).toInstant(), generation, generation % 2 == 1));
    }

    @Override
    public FlywheelTallies tallies(Optional<String> dimension, long untilDay, long instantsDay) {
        FlywheelTallies tallies = new FlywheelTallies();
        List<String> dims = dimension.map(d -> List.of("", d)).orElse(List.of(""));
        Bson days = Filters.and(Filters.in(DIMENSION, dims), Filters.lt(DAY, untilDay));
        for (Document doc : daily.find(Filters.and(days, Filters.or(Filters.exists(PART, false), Filters.eq(DAY, instantsDay))))) {
            String segment = doc.getString(SEGMENT);
            long day = ((Number) doc.get(DAY)).longValue();
            Document fields = doc.get(FIELDS, Document.class);
            if (segment == null || fields == null) {
                continue;
            }
            fields.forEach((field, n) -> tallies.add(segment, day, field, ((Number) n).longValue()));
        }
        return tallies;
    }

    @Override
    public Map<String, VisitorContribution> contributions(Collection<String> ids) {
        Map<String, VisitorContribution> found = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += 1_000) {
            for (Document doc : visitors.find(Filters.in(ID, all.subList(i, Math.min(all.size(), i + 1_000))))) {
                found.put(doc.getString(ID), decode(doc));
            }
        }
        return found;
    }

    @Override
    public Optional<Lease> begin(String fingerprint, Instant now, Duration lease) {
        Document s = state.find(Filters.eq(ID, STATE_ID)).first();
        if (s != null && s.getDate(LEASE_UNTIL) != null && s.getDate(LEASE_UNTIL).toInstant().isAfter(now)) {
            return Optional.empty();
        }
        long generation = s == null ? 0 : number(s, GENERATION);
        // A generation left odd means a run died while writing a chunk: the tallies no longer match the contributions.
        boolean usable = s != null && fingerprint.equals(s.getString(FINGERPRINT)) && Boolean.TRUE.equals(s.getBoolean(COMPLETE))
                && s.getDate(WATERMARK) != null && generation % 2 == 0;
        long run = s == null ? 1 : number(s, RUN) + 1;
        Bson unchanged = s == null ? Filters.and(Filters.eq(ID, STATE_ID), Filters.exists(RUN, false))
                : Filters.and(Filters.eq(ID, STATE_ID), Filters.eq(RUN, number(s, RUN)));
        List<Bson> update = new ArrayList<>(List.of(Updates.set(RUN, run), Updates.set(FINGERPRINT, fingerprint),
                Updates.set(LEASE_UNTIL, Date.from(now.plus(lease)))));
        if (!usable) {
            update.add(Updates.set(COMPLETE, false));
            update.add(Updates.set(GENERATION, generation + (generation % 2 == 0 ? 2 : 1)));
        }
        // Only one run wins the conditional update; a lost race is "held by another run".
        Document taken;
        try {
            taken = state.findOneAndUpdate(unchanged, Updates.combine(update),
                    new FindOneAndUpdateOptions().upsert(s == null).returnDocument(ReturnDocument.AFTER));
        } catch (com.mongodb.MongoWriteException | com.mongodb.MongoCommandException e) {
            return Optional.empty();
        }
        if (taken == null) {
            return Optional.empty();
        }
        if (!usable) {
            daily.deleteMany(new Document());
            visitors.deleteMany(new Document());
            return Optional.of(new Lease(run, Optional.empty()));
        }
        return Optional.of(new Lease(run, Optional.of(s.getDate(WATERMARK).toInstant())));
    }

    @Override
    public void apply(Lease lease, Map<String, VisitorContribution> old, List<VisitorContribution> fresh, Collection<String> ids,
                      long instantsFromDay) {
        step(lease);
        write(old, fresh, ids, instantsFromDay);
        step(lease);
    }

    /** One step of the seqlock, by the run holding the lease only. */
    private void step(Lease lease) {
        if (state.updateOne(Filters.and(Filters.eq(ID, STATE_ID), Filters.eq(RUN, lease.run())), Updates.inc(GENERATION, 1L))
                .getMatchedCount() == 0) {
            throw new IllegalStateException("the flywheel rollup's lease went to a later run; this run stops");
        }
    }

    private void write(Map<String, VisitorContribution> old, List<VisitorContribution> fresh, Collection<String> ids, long instantsFromDay) {
        FlywheelTallies delta = new FlywheelTallies();
        Map<String, VisitorContribution> now = new HashMap<>();
        fresh.forEach(c -> now.put(c.visitor(), c));
        for (String id : ids) {
            VisitorContribution before = old.get(id);
            VisitorContribution after = now.get(id);
            if (before != null && after != null && before.equals(after)) {
                continue;
            }
            if (before != null) {
                delta.add(before, -1, FlywheelTallies.allKeys(before));
            }
            if (after != null) {
                delta.add(after, 1, FlywheelTallies.allKeys(after));
            }
        }
        add(delta, instantsFromDay);
        List<WriteModel<Document>> stored = new ArrayList<>();
        for (String id : ids) {
            VisitorContribution after = now.get(id);
            if (after == null) {
                stored.add(new DeleteOneModel<>(Filters.eq(ID, id)));
            } else if (!after.equals(old.get(id))) {
                stored.add(new ReplaceOneModel<>(Filters.eq(ID, id), encode(after), new ReplaceOptions().upsert(true)));
            }
        }
        if (!stored.isEmpty()) {
            visitors.bulkWrite(stored, new BulkWriteOptions().ordered(false));
        }
    }

    /** Adds tallies to the stored ones (lost instants only from {@code instantsFromDay} on). */
    public void add(FlywheelTallies delta, long instantsFromDay) {
        List<WriteModel<Document>> updates = new ArrayList<>();
        for (String segment : delta.segmentKeys()) {
            String dimension = segment.isEmpty() ? "" : segment.substring(0, segment.indexOf('='));
            delta.days(segment).forEach((day, fields) -> {
                List<Bson> main = new ArrayList<>();
                List<Bson> instants = new ArrayList<>();
                fields.forEach((field, n) -> {
                    if (!field.startsWith(INSTANTS)) {
                        main.add(Updates.inc(FIELDS + "." + field, n));
                    } else if (day >= instantsFromDay) {
                        instants.add(Updates.inc(FIELDS + "." + field, n));
                    }
                });
                if (!main.isEmpty()) {
                    updates.add(upsert(segment + "|" + day, segment, dimension, day, null, main));
                }
                if (!instants.isEmpty()) {
                    updates.add(upsert(segment + "|" + day + "|" + INSTANTS, segment, dimension, day, INSTANTS, instants));
                }
            });
        }
        if (!updates.isEmpty()) {
            daily.bulkWrite(updates, new BulkWriteOptions().ordered(false));
        }
    }

    @Override
    public void finish(String fingerprint, Lease lease, Instant watermark) {
        state.updateOne(Filters.and(Filters.eq(ID, STATE_ID), Filters.eq(RUN, lease.run()), Filters.eq(FINGERPRINT, fingerprint)),
                Updates.combine(Updates.set(COMPLETE, true), Updates.set(WATERMARK, Date.from(watermark)), Updates.unset(LEASE_UNTIL)));
    }

    @Override
    public void reset() {
        state.deleteMany(new Document());
        daily.deleteMany(new Document());
        visitors.deleteMany(new Document());
    }

    private static UpdateOneModel<Document> upsert(String id, String segment, String dimension, long day, String part, List<Bson> incs) {
        List<Bson> update = new ArrayList<>(incs);
        update.add(Updates.setOnInsert(SEGMENT, segment));
        update.add(Updates.setOnInsert(DIMENSION, dimension));
        update.add(Updates.setOnInsert(DAY, day));
        if (part != null) {
            update.add(Updates.setOnInsert(PART, part));
        }
        return new UpdateOneModel<>(Filters.eq(ID, id), Updates.combine(update), new UpdateOptions().upsert(true));
    }

    private static long number(Document s, String field) {
        return s.get(field) instanceof Number n ? n.longValue() : 0;
    }

    private static Document encode(VisitorContribution c) {
        List<Document> entries = new ArrayList<>();
        for (VisitorContribution.Entry e : c.entries()) {
            entries.add(new Document("d", e.day()).append("f", e.field()).append("n", e.amount()));
        }
        return new Document(ID, c.visitor()).append(SEGMENTS, new Document(new java.util.LinkedHashMap<>(c.segments())))
                .append(ENTRIES, entries);
    }

    private static VisitorContribution decode(Document doc) {
        Map<String, String> segments = new java.util.TreeMap<>();
        Document stored = doc.get(SEGMENTS, Document.class);
        if (stored != null) {
            stored.forEach((d, v) -> segments.put(d, String.valueOf(v)));
        }
        List<VisitorContribution.Entry> entries = new ArrayList<>();
        for (Document e : doc.getList(ENTRIES, Document.class, List.of())) {
            entries.add(new VisitorContribution.Entry(((Number) e.get("d")).longValue(), e.getString("f"), ((Number) e.get("n")).longValue()));
        }
        return new VisitorContribution(doc.getString(ID), segments, entries);
    }
}
