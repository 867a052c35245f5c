package io.momentum.tracking;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.momentum.reporting.FlywheelEvent;
import io.momentum.reporting.ReferralSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The reward results' {@link ReferralSource}: advocates from {@code visitor_experiments}, referred visitors' events from
 * {@code events} by their {@code referrer} (indexed). Blocking driver: call from a worker thread only.
 */
public final class MongoReferrals implements ReferralSource {
    private final MongoCollection<Document> events;
    private final MongoCollection<Document> visitors;

    public MongoReferrals(EventLog eventLog) {
        this.events = eventLog.events();
        this.visitors = eventLog.visitorExperiments();
    }

    @Override
    public Map<String, String> exposedVariants(String experimentId) {
        Map<String, String> variants = new LinkedHashMap<>();
        for (Document doc : visitors.find(Filters.eq(EventLog.EXPERIMENT, experimentId))
                .projection(Projections.include(EventLog.VISITOR, EventLog.VARIANT))) {
            if (doc.getString(EventLog.VISITOR) != null && doc.getString(EventLog.VARIANT) != null) {
                variants.put(doc.getString(EventLog.VISITOR), doc.getString(EventLog.VARIANT));
            }
        }
        return variants;
    }

    @Override
    public List<FlywheelEvent> referredEvents(Set<String> codes, String success) {
        if (codes.isEmpty()) {
            return List.of();
        }
        List<FlywheelEvent> found = new ArrayList<>();
        Set<String> referred = new HashSet<>();
        read(Filters.in(EventLog.REFERRER, codes), found);
        found.forEach(e -> referred.add(e.visitor()));
        if (!referred.isEmpty()) {
            read(Filters.and(Filters.eq(EventLog.TYPE, EventType.CONVERSION.wire()), Filters.eq(EventLog.GOAL, success),
                    Filters.in(EventLog.VISITOR, referred)), found);
        }
        return found;
    }

    private void read(Bson filter, List<FlywheelEvent> into) {
        for (Document doc : events.find(filter).projection(Projections.include(EventLog.TYPE, EventLog.VISITOR, EventLog.GOAL,
                EventLog.AT, EventLog.REFERRER))) {
            String type = doc.getString(EventLog.TYPE);
            String name = EventType.CONVERSION.wire().equals(type) ? doc.getString(EventLog.GOAL) : type;
            Date at = doc.getDate(EventLog.AT);
            if (name != null && at != null && doc.getString(EventLog.VISITOR) != null) {
                into.add(new FlywheelEvent(doc.getString(EventLog.VISITOR), name, at.toInstant(), 0, OptionalInt.empty(),
                        Optional.empty(), Optional.ofNullable(doc.getString(EventLog.REFERRER))));
            }
        }
    }
}
