package io.momentum.tracking;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * {@code GET /v1/visitors/{id}}: what tracking recorded for one visitor, read from the MongoDB event log, so a
 * developer can see that tracking works: the variant each experiment counted them in (their exposures) with
 * their goals, and their latest events. A developer's check, not a hot path: neither query has an index of
 * its own (one more index would slow the writer down), and events still in the Redis streams
 * ({@code writer_lag}) are not in MongoDB yet.
 */
public final class VisitorHistory {
    /** Latest events shown. */
    static final int MAX_EVENTS = 100;
    /** Experiments shown; a visitor is in few. */
    static final int MAX_EXPERIMENTS = 200;

    private final Vertx vertx;
    private final EventLog log;
    private final EventLogWriter writer;

    VisitorHistory(Vertx vertx, EventLog log, EventLogWriter writer) {
        this.vertx = vertx;
        this.log = log;
        this.writer = writer;
    }

    /** The variant an experiment counted the visitor in, when they were first exposed, and per goal their conversions. */
    public record ExperimentEntry(String experiment, String variant, Instant exposedAt, Map<String, Object> goals, Object survey,
                                  Object referrals) {
    }

    /** One recorded event, as the log holds it. */
    public record EventEntry(String id, String type, String experiment, String goal, Object value, Object score, Object choice,
                             Instant at) {
    }

    public record Report(String visitor, List<ExperimentEntry> experiments, List<EventEntry> events, long writerLag) {
    }

    public Future<Report> of(String visitor) {
        return vertx.executeBlocking(() -> read(visitor), false);
    }

    private Report read(String visitor) {
        List<ExperimentEntry> experiments = new ArrayList<>();
        for (Document d : log.visitorExperiments().find(Filters.eq(EventLog.VISITOR, visitor))
                .sort(Sorts.ascending(EventLog.EXPERIMENT)).limit(MAX_EXPERIMENTS)) {
            Document goals = d.get(EventLog.GOALS, Document.class);
            experiments.add(new ExperimentEntry(d.getString(EventLog.EXPERIMENT), d.getString(EventLog.VARIANT),
                    instant(d.getDate(EventLog.EXPOSED_AT)), goals == null ? Map.of() : new LinkedHashMap<>(goals),
                    d.get(EventLog.SURVEY), d.get(EventLog.REFERRALS)));
        }
        List<EventEntry> events = new ArrayList<>();
        for (Document d : log.events().find(Filters.eq(EventLog.VISITOR, visitor)).sort(Sorts.descending(EventLog.AT)).limit(MAX_EVENTS)) {
            events.add(new EventEntry(String.valueOf(d.get(EventLog.ID)), d.getString(EventLog.TYPE), d.getString(EventLog.EXPERIMENT),
                    d.getString(EventLog.GOAL), d.get(EventLog.VALUE), d.get(EventLog.SCORE), d.get(EventLog.CHOICE),
                    instant(d.getDate(EventLog.AT))));
        }
        return new Report(visitor, experiments, events, writer.lag());
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
