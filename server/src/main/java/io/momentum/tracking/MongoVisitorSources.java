package io.momentum.tracking;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.momentum.reporting.VisitorSources;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;

/**
 * The channel report's {@link VisitorSources}: first touch from the segments each {@code visitor_experiments} document
 * fixed at the exposure (the earliest exposure wins), converters from the conversions in {@code events} (by the
 * (type, goal) index). Both are read in full and folded in Java. Blocking driver: call from a worker thread only.
 */
public final class MongoVisitorSources implements VisitorSources {
    private final MongoCollection<Document> events;
    private final MongoCollection<Document> visitors;

    public MongoVisitorSources(EventLog eventLog) {
        this.events = eventLog.events();
        this.visitors = eventLog.visitorExperiments();
    }

    @Override
    public Map<String, String> firstTouch(String dimension) {
        String field = EventLog.SEGMENTS + "." + dimension;
        Map<String, String> values = new HashMap<>();
        Map<String, Date> firstSeen = new HashMap<>();
        for (Document doc : visitors.find(Filters.exists(field))
                .projection(Projections.include(EventLog.VISITOR, EventLog.EXPOSED_AT, field))) {
            String visitor = doc.getString(EventLog.VISITOR);
            Document segments = doc.get(EventLog.SEGMENTS, Document.class);
            Date exposed = doc.getDate(EventLog.EXPOSED_AT);
            if (visitor == null || segments == null || !(segments.get(dimension) instanceof String value)) {
                continue;
            }
            Date known = firstSeen.get(visitor);
            if (known == null || exposed != null && exposed.before(known)) {
                values.put(visitor, value);
                firstSeen.put(visitor, exposed == null ? new Date(Long.MAX_VALUE) : exposed);
            }
        }
        return values;
    }

    @Override
    public Map<String, Converted> converters(String goal) {
        Map<String, Converted> converted = new HashMap<>();
        for (Document doc : events.find(Filters.and(Filters.eq(EventLog.TYPE, EventType.CONVERSION.wire()), Filters.eq(EventLog.GOAL, goal)))
                .projection(Projections.include(EventLog.VISITOR, EventLog.VALUE))) {
            String visitor = doc.getString(EventLog.VISITOR);
            if (visitor != null) {
                long value = doc.get(EventLog.VALUE) instanceof Number n ? n.longValue() : 0;
                converted.merge(visitor, new Converted(1, value), (a, b) -> a.plus(b.valueMinor()));
            }
        }
        return converted;
    }
}
