package io.momentum.reporting;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
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
 * Reads the time dimension of an experiment from MongoDB's {@code visitor_experiments} documents that
 * tracking writes (one per visitor and experiment: {@code variant}, {@code exposed_at}, {@code goals.G.count}).
 * Blocking driver: call from a worker thread only.
 */
public final class ExposureHistory {
    /** Window of the traffic rate used for ETAs. */
    public static final Duration RATE_WINDOW = Duration.ofDays(7);
    static final String COLLECTION = "visitor_experiments";

    private final MongoCollection<Document> visitors;

    public ExposureHistory(MongoDatabase database) {
        this.visitors = database.getCollection(COLLECTION);
    }

    /**
     * Unique visitors first exposed per day, over the last 7 days, or over the time since the first
     * exposure if the experiment is younger (at least one hour, so a fresh start does not extrapolate
     * from minutes). Null when nobody was exposed in the window.
     */
    public Double visitorsPerDay(String experimentId, Instant now) {
        Instant windowStart = now.minus(RATE_WINDOW);
        long recent = visitors.countDocuments(Filters.and(Filters.eq("experiment", experimentId),
                Filters.gte("exposed_at", Date.from(windowStart))));
        if (recent == 0) {
            return null;
        }
        Document first = visitors.find(Filters.eq("experiment", experimentId)).sort(Sorts.ascending("exposed_at"))
                .projection(Projections.include("exposed_at")).first();
        Instant from = first == null || first.getDate("exposed_at") == null ? windowStart
                : max(windowStart, first.getDate("exposed_at").toInstant());
        double days = Math.max(Duration.between(from, now).toMillis(), Duration.ofHours(1).toMillis()) / 86_400_000.0;
        return recent / days;
    }

    /** Per UTC exposure day and variant: visitors and how many of them did {@code goal}, bucketed in Java. */
    public List<DailyCohort> dailyCohorts(String experimentId, String goal) {
        String countField = "goals." + goal.replace(".", "%2E") + ".count";
        Map<LocalDate, Map<String, long[]>> buckets = new TreeMap<>();
        for (Document doc : visitors.find(Filters.eq("experiment", experimentId))
                .projection(Projections.include("variant", "exposed_at", countField))) {
            Date exposed = doc.getDate("exposed_at");
            String variant = doc.getString("variant");
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
        Document goals = doc.get("goals", Document.class);
        Document entry = goals == null ? null : goals.get(goal.replace(".", "%2E"), Document.class);
        return entry != null && entry.get("count") instanceof Number n && n.longValue() > 0;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
