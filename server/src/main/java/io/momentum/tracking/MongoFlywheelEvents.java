package io.momentum.tracking;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.momentum.reporting.FlywheelEvent;
import io.momentum.reporting.FlywheelEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The flywheel and funnel reports' {@link FlywheelEvents}, read from the {@link EventLog}'s {@code events}: conversions
 * by goal, survey and referral events by type (the goal names the counters give them). Uses the (type, goal) index.
 * Blocking driver: call from a worker thread only.
 */
public final class MongoFlywheelEvents implements FlywheelEvents {
    private static final Set<String> NAMED_BY_TYPE = Set.of(EventType.SURVEY.wire(), EventType.REFERRAL.wire());

    private final MongoCollection<Document> events;

    public MongoFlywheelEvents(EventLog eventLog) {
        this.events = eventLog.events();
    }

    @Override
    public List<FlywheelEvent> read(Set<String> names, Instant until) {
        List<Bson> kinds = new ArrayList<>();
        kinds.add(Filters.and(Filters.eq(EventLog.TYPE, EventType.CONVERSION.wire()), Filters.in(EventLog.GOAL, names)));
        List<String> byType = names.stream().filter(NAMED_BY_TYPE::contains).toList();
        if (!byType.isEmpty()) {
            kinds.add(Filters.in(EventLog.TYPE, byType));
        }
        Bson filter = Filters.and(Filters.or(kinds), Filters.lt(EventLog.AT, Date.from(until)));
        List<FlywheelEvent> found = new ArrayList<>();
        for (Document doc : events.find(filter).sort(Sorts.ascending(EventLog.AT)).projection(Projections.include(EventLog.TYPE,
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
}
