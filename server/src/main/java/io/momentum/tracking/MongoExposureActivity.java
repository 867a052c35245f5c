package io.momentum.tracking;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.momentum.alerts.ExposureActivity;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/** The alerts' {@link ExposureActivity}: the newest exposure event of an experiment in the {@link EventLog}. Blocking. */
public final class MongoExposureActivity implements ExposureActivity {
    private final MongoCollection<Document> events;

    public MongoExposureActivity(EventLog eventLog) {
        this.events = eventLog.events();
    }

    public void createIndexes() {
        events.createIndex(Indexes.ascending(EventLog.EXPERIMENT, EventLog.TYPE, EventLog.AT));
    }

    @Override
    public Optional<Instant> lastExposure(String experimentId) {
        Document newest = events.find(Filters.and(Filters.eq(EventLog.EXPERIMENT, experimentId), Filters.eq(EventLog.TYPE, EventType.EXPOSURE.wire())))
                .sort(Sorts.descending(EventLog.AT)).projection(Projections.include(EventLog.AT)).first();
        return Optional.ofNullable(newest).map(d -> d.getDate(EventLog.AT)).map(Date::toInstant);
    }
}
