package io.momentum.tracking;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.momentum.reporting.FlywheelEvent;
import io.momentum.reporting.FlywheelEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The flywheel and funnel reports' {@link FlywheelEvents}, read from the {@link EventLog}'s {@code events}: conversions
 * by goal, survey and referral events by type (the goal names the counters give them), and the visitors' segments from
 * {@code visitor_experiments}. Blocking driver: call from a worker thread only.
 */
public final class MongoFlywheelEvents implements FlywheelEvents {
    private static final Set<String> NAMED_BY_TYPE = Set.of(EventType.SURVEY.wire(), EventType.REFERRAL.wire());
    /** Visitors per {@code $in} query. */
    private static final int CHUNK = 1_000;

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> visitorExperiments;

    public MongoFlywheelEvents(EventLog eventLog) {
        this.events = eventLog.events();
        this.visitorExperiments = eventLog.visitorExperiments();
    }

    /** What the rollup looks visitors up by: their events, newly received events, their first exposure. */
    public void createIndexes() {
        events.createIndex(Indexes.ascending(EventLog.VISITOR));
        events.createIndex(Indexes.ascending(EventLog.RECEIVED));
        visitorExperiments.createIndex(Indexes.ascending(EventLog.VISITOR));
    }

    @Override
    public List<FlywheelEvent> read(Set<String> names, Instant until) {
        return find(Filters.and(kinds(names), Filters.lt(EventLog.AT, Date.from(until))));
    }

    @Override
    public List<FlywheelEvent> read(Set<String> names, Collection<String> visitors, Instant until) {
        List<FlywheelEvent> found = new ArrayList<>();
        for (List<String> chunk : chunks(visitors)) {
            found.addAll(find(Filters.and(Filters.in(EventLog.VISITOR, chunk), kinds(names), Filters.lt(EventLog.AT, Date.from(until)))));
        }
        found.sort(java.util.Comparator.comparing(FlywheelEvent::at));
        return found;
    }

    /** An event's time is at most {@link EventParser#MAX_FUTURE} after its receipt, so received ≥ since − that covers both. */
    @Override
    public Set<String> visitorsActiveSince(Instant since) {
        return visitors(receivedSince(since));
    }

    @Override
    public Set<String> visitorsActiveBetween(Instant since, Instant until) {
        return visitors(Filters.and(receivedSince(since), Filters.lt(EventLog.RECEIVED, Date.from(until.plus(EventParser.MAX_FUTURE)))));
    }

    private static Bson receivedSince(Instant since) {
        return since.equals(Instant.EPOCH) ? new Document() : Filters.gte(EventLog.RECEIVED, Date.from(since.minus(EventParser.MAX_FUTURE)));
    }

    private Set<String> visitors(Bson filter) {
        Set<String> visitors = new HashSet<>();
        for (Document doc : events.find(filter).projection(Projections.include(EventLog.VISITOR))) {
            String visitor = doc.getString(EventLog.VISITOR);
            if (visitor != null) {
                visitors.add(visitor);
            }
        }
        return visitors;
    }

    @Override
    public Map<String, Map<String, String>> segments(Collection<String> visitors, Collection<String> dimensions) {
        Map<String, Document> first = new HashMap<>();
        for (List<String> chunk : chunks(visitors)) {
            firstExposures(Filters.in(EventLog.VISITOR, chunk), first);
        }
        return values(first, dimensions);
    }

    @Override
    public Map<String, Map<String, String>> allSegments(Collection<String> dimensions) {
        Map<String, Document> first = new HashMap<>();
        firstExposures(Filters.exists(EventLog.EXPOSED_AT), first);
        return values(first, dimensions);
    }

    /** Per visitor the document of their earliest exposure (ties: the smaller id). */
    private void firstExposures(Bson filter, Map<String, Document> first) {
        for (Document doc : visitorExperiments.find(Filters.and(filter, Filters.exists(EventLog.EXPOSED_AT)))
                .projection(Projections.include(EventLog.VISITOR, EventLog.EXPOSED_AT, EventLog.SEGMENTS))) {
            String visitor = doc.getString(EventLog.VISITOR);
            if (visitor == null || !(doc.get(EventLog.EXPOSED_AT) instanceof Date at)) {
                continue;
            }
            first.merge(visitor, doc, (a, b) -> {
                int order = a.getDate(EventLog.EXPOSED_AT).compareTo(at);
                return order < 0 || order == 0 && String.valueOf(a.get(EventLog.ID)).compareTo(String.valueOf(b.get(EventLog.ID))) < 0 ? a : b;
            });
        }
    }

    private static Map<String, Map<String, String>> values(Map<String, Document> first, Collection<String> dimensions) {
        Map<String, Map<String, String>> values = new HashMap<>();
        first.forEach((visitor, doc) -> {
            Document segments = doc.get(EventLog.SEGMENTS, Document.class);
            Map<String, String> mine = new HashMap<>();
            for (String d : dimensions) {
                if (segments != null && segments.get(d) instanceof String value) {
                    mine.put(d, value);
                }
            }
            values.put(visitor, mine);
        });
        return values;
    }

    private static Bson kinds(Set<String> names) {
        List<Bson> kinds = new ArrayList<>();
        kinds.add(Filters.and(Filters.eq(EventLog.TYPE, EventType.CONVERSION.wire()), Filters.in(EventLog.GOAL, names)));
        List<String> byType = names.stream().filter(NAMED_BY_TYPE::contains).toList();
        if (!byType.isEmpty()) {
            kinds.add(Filters.in(EventLog.TYPE, byType));
        }
        return Filters.or(kinds);
    }

    private List<FlywheelEvent> find(Bson filter) {
        List<FlywheelEvent> found = new ArrayList<>();
        for (Document doc : events.find(filter).sort(Sorts.ascending(EventLog.AT, EventLog.ID)).projection(Projections.include(EventLog.TYPE,
                EventLog.VISITOR, EventLog.GOAL, EventLog.AT, EventLog.VALUE, EventLog.SCORE, EventLog.EXPERIMENT, EventLog.REFERRER))) {
            String type = doc.getString(EventLog.TYPE);
            String name = EventType.CONVERSION.wire().equals(type) ? doc.getString(EventLog.GOAL) : type;
            Date at = doc.getDate(EventLog.AT);
            String visitor = doc.getString(EventLog.VISITOR);
            if (name == null || at == null || visitor == null) {
                continue;
            }
            found.add(new FlywheelEvent(visitor, name, at.toInstant(), doc.get(EventLog.VALUE) instanceof Number n ? n.longValue() : 0,
                    doc.get(EventLog.SCORE) instanceof Number s ? OptionalInt.of(s.intValue()) : OptionalInt.empty(),
                    Optional.ofNullable(doc.getString(EventLog.EXPERIMENT)), Optional.ofNullable(doc.getString(EventLog.REFERRER))));
        }
        return found;
    }

    private static List<List<String>> chunks(Collection<String> visitors) {
        List<String> all = new ArrayList<>(visitors);
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return chunks;
    }
}
