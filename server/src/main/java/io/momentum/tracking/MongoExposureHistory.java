package io.momentum.tracking;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.momentum.reporting.DailyCohort;
import io.momentum.reporting.ExposureHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * The reports' {@link ExposureHistory}, read from the {@code visitor_experiments} documents of the
 * {@link EventLog} (one per visitor and experiment: variant, first exposure, per goal the count).
 * Blocking driver: call from a worker thread only.
 */
public final class MongoExposureHistory implements ExposureHistory {
    private final MongoCollection<Document> visitors;

    public MongoExposureHistory(EventLog eventLog) {
        this.visitors = eventLog.visitorExperiments();
    }

    @Override
    public Double visitorsPerDay(String experimentId, Instant now) {
        Instant windowStart = now.minus(RATE_WINDOW);
        long recent = visitors.countDocuments(Filters.and(Filters.eq(EventLog.EXPERIMENT, experimentId),
                Filters.gte(EventLog.EXPOSED_AT, Date.from(windowStart))));
        if (recent == 0) {
            return null;
        }
        Document first = visitors.find(Filters.eq(EventLog.EXPERIMENT, experimentId)).sort(Sorts.ascending(EventLog.EXPOSED_AT))
                .projection(Projections.include(EventLog.EXPOSED_AT)).first();
        Instant from = first == null || first.getDate(EventLog.EXPOSED_AT) == null ? windowStart
                : max(windowStart, first.getDate(EventLog.EXPOSED_AT).toInstant());
        double days = Math.max(Duration.between(from, now).toMillis(), Duration.ofHours(1).toMillis()) / 86_400_000.0;
        return recent / days;
    }

    /** Bucketed in Java from one projection of the experiment's visitor documents. */
    @Override
    public List<DailyCohort> dailyCohorts(String experimentId, String goal) {
        String countField = EventLog.GOALS + "." + EventLog.goalField(goal) + "." + EventLog.COUNT;
        Map<LocalDate, Map<String, long[]>> buckets = new TreeMap<>();
        for (Document doc : visitors.find(Filters.eq(EventLog.EXPERIMENT, experimentId))
                .projection(Projections.include(EventLog.VARIANT, EventLog.EXPOSED_AT, countField))) {
            Date exposed = doc.getDate(EventLog.EXPOSED_AT);
            String variant = doc.getString(EventLog.VARIANT);
            if (exposed == null || variant == null) {
                continue;
            }
            long[] cell = buckets.computeIfAbsent(exposed.toInstant().atZone(ZoneOffset.UTC).toLocalDate(), d -> new TreeMap<>())
                    .computeIfAbsent(variant, v -> new long[2]);
            cell[0]++;
            if (converted(doc, goal)) {
                cell[1]++;
            }
        }
        List<DailyCohort> cohorts = new ArrayList<>();
        buckets.forEach((day, byVariant) -> byVariant.forEach((variant, cell) ->
                cohorts.add(new DailyCohort(day, variant, cell[0], cell[1]))));
        return cohorts;
    }

    private static boolean converted(Document doc, String goal) {
        Document goals = doc.get(EventLog.GOALS, Document.class);
        Document entry = goals == null ? null : goals.get(EventLog.goalField(goal), Document.class);
        return entry != null && entry.get(EventLog.COUNT) instanceof Number n && n.longValue() > 0;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
