package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.reporting.FlywheelEvent;
import io.momentum.reporting.FlywheelRollupJob;
import io.momentum.reporting.FlywheelSeries;
import io.momentum.reporting.FlywheelSeriesCalculator;
import io.momentum.reporting.FlywheelSimulation;
import io.momentum.reporting.FlywheelTallies;
import io.momentum.reporting.FlywheelTallySource;
import io.momentum.reporting.ReportRange;
import io.momentum.storage.EmbeddedMongo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flywheel rollup against the raw log on a real (embedded) MongoDB: a seeded simulation is logged as it would arrive,
 * the job runs, more events arrive (some late, dated before the watermark; the report's day moves past midnight), and
 * the report from rollup + active visitors equals the report from the raw log exactly, for all visitors and per channel.
 */
class FlywheelRollupIT {
    private static final FlywheelDefinition FLYWHEEL = FlywheelSimulation.FLYWHEEL;
    private static final Instant T1 = FlywheelSimulation.START.plus(Duration.ofDays(45)).plus(Duration.ofHours(13));
    /** The next day, so the open part crosses a UTC midnight. */
    private static final Instant T2 = T1.plus(Duration.ofHours(27));
    private static final Instant T3 = T2.plus(Duration.ofDays(40));
    private static final List<String> CHANNELS = List.of("search", "social", "email", "direct");

    @TempDir
    Path tmp;
    private EmbeddedMongo mongo;
    private MongoClient client;
    private MongoDatabase db;
    private MongoFlywheelEvents events;
    private MongoFlywheelRollup rollup;
    private FlywheelTallySource source;
    private FlywheelRollupJob job;
    private final List<Document> pending = new ArrayList<>();

    @BeforeEach
    void open() {
        mongo = EmbeddedMongo.start(tmp);
        client = MongoClients.create(mongo.connectionString());
        db = client.getDatabase("momentum-rollup-it");
        EventLog log = new EventLog(db);
        log.createIndexes();
        events = new MongoFlywheelEvents(log);
        events.createIndexes();
        rollup = new MongoFlywheelRollup(db);
        rollup.createIndexes();
        source = new FlywheelTallySource(events, rollup);
        job = new FlywheelRollupJob(events, rollup);
        seed(new FlywheelSimulation(20, 700));
    }

    @AfterEach
    void close() {
        client.close();
        mongo.close();
    }

    @Test
    @Timeout(300)
    void rollupPlusActiveVisitorsEqualsTheRawLogAcrossRunsLateEventsAndMidnight() {
        arrive(T1);
        FlywheelRollupJob.Run first = job.run(FLYWHEEL, T1);
        assertTrue(first.ran() && first.rebuilt(), "the first run builds the rollup from the log");
        assertSame(T1);

        long late = arrive(T2);
        assertTrue(late > 0, "some events arrive after the run although they are dated before its watermark");
        assertSame(T2);

        FlywheelRollupJob.Run second = job.run(FLYWHEEL, T2);
        assertTrue(second.ran() && !second.rebuilt(), "the second run continues from the watermark");
        assertTrue(second.visitors() < first.visitors(), "only the visitors active since are recomputed");
        arrive(T3);
        assertSame(T3);
        job.run(FLYWHEEL, T3);
        assertSame(T3.plus(Duration.ofHours(1)));
    }

    @Test
    @Timeout(300)
    void anotherDefinitionIsNotServedFromTheRollupAndTheNextRunRebuildsIt() {
        arrive(T2);
        job.run(FLYWHEEL, T2);
        FlywheelDefinition shorter = new FlywheelDefinition(FLYWHEEL.stages(), Duration.ofDays(14), List.of());
        assertFalse(source.rolledUp(shorter, Optional.empty(), T2, T2).isPresent(), "a rollup of another window is not used");
        FlywheelRollupJob.Run rebuilt = job.run(shorter, T2);
        assertTrue(rebuilt.rebuilt());
        assertEquals(series(shorter, source.raw(shorter, Optional.empty(), T2), FlywheelTallies.ALL, T2),
                series(shorter, source.rolledUp(shorter, Optional.empty(), T2, T2).orElseThrow(), FlywheelTallies.ALL, T2));
    }

    @Test
    @Timeout(300)
    void aSecondRunWaitsForTheLeaseAndARunThatDiedWhileWritingIsRebuilt() {
        arrive(T1);
        job.run(FLYWHEEL, T1);
        String fingerprint = FlywheelRollupJob.fingerprint(FLYWHEEL);
        assertTrue(rollup.begin(fingerprint, T2, Duration.ofMinutes(30)).isPresent());
        assertFalse(job.run(FLYWHEEL, T2.plusSeconds(60)).ran(), "another run holds the lease");
        assertFalse(rollup.state(fingerprint).orElseThrow().writing(), "the rollup stays readable while a run holds the lease");
        // The run dies between the two steps of a chunk: the tallies may no longer match the stored contributions.
        db.getCollection(MongoFlywheelRollup.STATE).updateOne(new Document(EventLog.ID, "state"), new Document("$inc", new Document("generation", 1L)));
        assertTrue(rollup.state(fingerprint).orElseThrow().writing());
        assertFalse(source.rolledUp(FLYWHEEL, Optional.empty(), T2, T2).isPresent(), "a half-written rollup is not read");
        arrive(T2);
        FlywheelRollupJob.Run after = job.run(FLYWHEEL, T2.plus(Duration.ofHours(1)));
        assertTrue(after.ran() && after.rebuilt(), "once the lease ran out, the next run rebuilds");
        assertSame(T2.plus(Duration.ofHours(1)));
    }

    /** Weekly and monthly reports from the rollup equal those from the raw log, overall and for every channel. */
    private void assertSame(Instant now) {
        for (String period : List.of("week", "month")) {
            ReportRange range = ReportRange.parse(Optional.of(period), Optional.of("2026-05-25"), Optional.empty(), now);
            Instant until = range.periods().get(range.periods().size() - 1);
            FlywheelTallies raw = source.raw(FLYWHEEL, Optional.of("channel"), now);
            FlywheelTallies rolled = source.rolledUp(FLYWHEEL, Optional.of("channel"), until, now).orElseThrow();
            Set<String> segments = new TreeSet<>(raw.segmentKeys());
            assertEquals(6, segments.size(), "all visitors, four channels and (none): " + segments);
            for (String segment : segments) {
                List<FlywheelSeries> expected = series(FLYWHEEL, raw, segment, range, now);
                assertEquals(expected, series(FLYWHEEL, rolled, segment, range, now), period + " " + segment + " at " + now);
            }
            assertTrue(series(FLYWHEEL, raw, FlywheelTallies.ALL, range, now).get(0).series().stream().anyMatch(p -> p.lost() > 0),
                    "the report has lost visitors to compare");
            FlywheelTallies plain = source.rolledUp(FLYWHEEL, Optional.empty(), until, now).orElseThrow();
            assertEquals(series(FLYWHEEL, raw, FlywheelTallies.ALL, range, now), series(FLYWHEEL, plain, FlywheelTallies.ALL, range, now));
        }
    }

    private static List<FlywheelSeries> series(FlywheelDefinition flywheel, FlywheelTallies tallies, String segment, Instant now) {
        ReportRange range = ReportRange.parse(Optional.of("week"), Optional.of("2026-05-25"), Optional.empty(), now);
        return series(flywheel, tallies, segment, range, now);
    }

    private static List<FlywheelSeries> series(FlywheelDefinition flywheel, FlywheelTallies tallies, String segment, ReportRange range,
                                               Instant now) {
        return new FlywheelSeriesCalculator().compute(flywheel, tallies.days(segment), range.periods(), now);
    }

    /**
     * Logs the simulated events as they would arrive: received when they happen, except one in four of those dated in the
     * last 20 hours before each arrival time, which comes an hour after it (late, as a client's timestamp may be up to 24 h old).
     */
    private void seed(FlywheelSimulation simulation) {
        Random random = new Random(7);
        int n = 0;
        for (FlywheelEvent e : simulation.events) {
            Instant received = e.at();
            for (Instant t : List.of(T1, T2, T3)) {
                if (!e.at().isBefore(t.minus(Duration.ofHours(20))) && e.at().isBefore(t.minus(Duration.ofMinutes(15)))
                        && random.nextInt(4) == 0) {
                    received = t.plus(Duration.ofHours(1));
                }
            }
            pending.add(document("e" + n++, e, received));
        }
        // Exposures fix each visitor's channel; a few visitors are never exposed and count as (none).
        simulation.visitors.stream().map(FlywheelSimulation.Truth::visitor).collect(Collectors.toCollection(TreeSet::new)).forEach(v -> {
            int h = Math.floorMod(v.hashCode(), 10);
            if (h < 8) {
                db.getCollection(EventLog.VISITOR_EXPERIMENTS).insertOne(new Document(EventLog.ID, "pricing:" + v)
                        .append(EventLog.EXPERIMENT, "pricing").append(EventLog.VISITOR, v)
                        .append(EventLog.EXPOSED_AT, Date.from(FlywheelSimulation.START))
                        .append(EventLog.SEGMENTS, new Document("channel", CHANNELS.get(h % CHANNELS.size()))));
            }
        });
    }

    /** Inserts the events received before {@code until}; returns how many of them are dated more than the settle time earlier. */
    private long arrive(Instant until) {
        List<Document> now = new ArrayList<>();
        long late = 0;
        for (Document d : List.copyOf(pending)) {
            if (d.getDate(EventLog.RECEIVED).toInstant().isBefore(until)) {
                now.add(d);
                pending.remove(d);
                Instant received = d.getDate(EventLog.RECEIVED).toInstant();
                late += d.getDate(EventLog.AT).toInstant().isBefore(received.minus(FlywheelRollupJob.SETTLE)) ? 1 : 0;
            }
        }
        if (!now.isEmpty()) {
            db.getCollection(EventLog.EVENTS).insertMany(now);
        }
        return late;
    }

    private static Document document(String id, FlywheelEvent e, Instant received) {
        boolean byType = e.name().equals("survey") || e.name().equals("referral");
        Document d = new Document(EventLog.ID, id).append(EventLog.TYPE, byType ? e.name() : EventType.CONVERSION.wire())
                .append(EventLog.VISITOR, e.visitor()).append(EventLog.AT, Date.from(e.at())).append(EventLog.RECEIVED, Date.from(received));
        if (!byType) {
            d.append(EventLog.GOAL, e.name());
        }
        if (e.valueMinor() != 0) {
            d.append(EventLog.VALUE, e.valueMinor());
        }
        e.score().ifPresent(s -> d.append(EventLog.SCORE, s));
        e.experiment().ifPresent(x -> d.append(EventLog.EXPERIMENT, x));
        e.referrer().ifPresent(r -> d.append(EventLog.REFERRER, r));
        return d;
    }
}
