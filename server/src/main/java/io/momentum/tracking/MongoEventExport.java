package io.momentum.tracking;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.momentum.export.EventExport;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@link EventExport} on the {@code events} collection of the {@link EventLog}, paged by (at, _id). Blocking driver. */
public final class MongoEventExport implements EventExport {
    /** Documents fetched per round trip while streaming. */
    private static final int BATCH = 500;

    private final MongoCollection<Document> events;

    public MongoEventExport(EventLog eventLog) {
        this.events = eventLog.events();
    }

    /** The (at, _id) order the pages follow; created once at start, like the log's own indexes. */
    public void createIndexes() {
        events.createIndex(Indexes.ascending(EventLog.AT, EventLog.ID));
    }

    @Override
    public Optional<Cursor> next(Query query) {
        Document first = ordered(query).skip(query.limit()).limit(1)
                .projection(Projections.include(EventLog.AT, EventLog.ID)).first();
        return Optional.ofNullable(first).map(doc -> new Cursor(doc.getDate(EventLog.AT).getTime(), String.valueOf(doc.get(EventLog.ID))));
    }

    @Override
    public void stream(Query query, Consumer<Map<String, Object>> sink) {
        for (Document doc : ordered(query).limit(query.limit()).batchSize(BATCH)) {
            Map<String, Object> event = new LinkedHashMap<>();
            doc.forEach((field, value) -> event.put(field.equals(EventLog.ID) ? "id" : field,
                    value instanceof Date date ? date.toInstant() : value));
            sink.accept(event);
        }
    }

    private FindIterable<Document> ordered(Query query) {
        List<Bson> filters = new ArrayList<>(List.of(
                Filters.gte(EventLog.AT, Date.from(query.from())),
                Filters.lt(EventLog.AT, Date.from(query.to())),
                Filters.or(Filters.eq(EventLog.EXPERIMENT, query.experiment()),
                        Filters.and(Filters.eq(EventLog.TYPE, EventType.CONVERSION.wire()), Filters.in(EventLog.GOAL, query.goals())))));
        query.after().ifPresent(cursor -> filters.add(Filters.or(
                Filters.gt(EventLog.AT, new Date(cursor.atMillis())),
                Filters.and(Filters.eq(EventLog.AT, new Date(cursor.atMillis())), Filters.gte(EventLog.ID, cursor.id())))));
        return events.find(Filters.and(filters)).sort(Sorts.ascending(EventLog.AT, EventLog.ID));
    }
}
