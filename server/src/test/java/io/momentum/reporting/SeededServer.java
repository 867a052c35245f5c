package io.momentum.reporting;

import io.momentum.MomentumServer;
import io.momentum.config.ServerConfig;
import io.momentum.tracking.EventLog;
import io.momentum.tracking.RedisKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * A real server on its own embedded Redis and MongoDB (free ports, data under the test's directory),
 * with experiment YAML files and counters written the way tracking writes them.
 */
public final class SeededServer implements AutoCloseable {
    private final MomentumServer server;
    private final RedisKeys keys;

    private SeededServer(MomentumServer server, RedisKeys keys) {
        this.server = server;
        this.keys = keys;
    }

    /** Starts on {@code tmp} with the given experiment files (name -> YAML). */
    public static SeededServer start(Path tmp, Map<String, String> experimentFiles) throws IOException {
        return start(tmp, experimentFiles, config -> config);
    }

    /** Starts as {@link #start(Path, Map)} with settings changed by {@code configure}. */
    public static SeededServer start(Path tmp, Map<String, String> experimentFiles,
                                     java.util.function.UnaryOperator<ServerConfig.Builder> configure) throws IOException {
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        for (Map.Entry<String, String> file : experimentFiles.entrySet()) {
            Files.writeString(experiments.resolve(file.getKey()), file.getValue());
        }
        ServerConfig config = configure.apply(ServerConfig.embedded(experiments, tmp.resolve("data")).toBuilder()).build();
        return new SeededServer(MomentumServer.start(config), new RedisKeys(config.redisPrefix()));
    }

    /** The recorded looks of an experiment (MongoDB {@code result_looks}). */
    public long recordedLooks(String experiment) {
        return server.storage().mongo().getCollection(io.momentum.tracking.MongoLookHistory.COLLECTION)
                .countDocuments(com.mongodb.client.model.Filters.eq("experiment", experiment));
    }

    public int port() {
        return server.port();
    }

    /** A landing-page YAML with control and benefit, primary trial_signup, guardrail unsubscribe. */
    public static String landingPage(String id, String name, String status, String extra) {
        return "id: " + id + "\nname: " + name + "\nstage: activation\nkind: landing_page\nstatus: " + status + "\n"
                + "hypothesis: benefit gets more signups\nvariants:\n  - { key: control, weight: 50 }\n  - { key: benefit, weight: 50 }\n"
                + "goals:\n  primary: { event: trial_signup }\n  secondary:\n    - { event: first_purchase, value: revenue }\n"
                + "  guardrails:\n    - { event: unsubscribe, must_not: increase }\n"
                + "analysis: { method: sequential, mde: 0.10, min_visitors_per_variant: 500 }\n" + extra;
    }

    /** Counter fields of one variant: exposures and, per goal, converters (= conversions). */
    public SeededServer variant(String experiment, String variant, long exposures, Map<String, Long> converters) {
        Map<String, String> fields = new HashMap<>();
        fields.put(RedisKeys.Fields.exposures(variant), Long.toString(exposures));
        converters.forEach((goal, n) -> {
            fields.put(RedisKeys.Fields.converters(variant, goal), Long.toString(n));
            fields.put(RedisKeys.Fields.conversions(variant, goal), Long.toString(n));
        });
        await(server.storage().redis().hset(keys.experiment(experiment).counters(), fields));
        return this;
    }

    /** Global unique converters of an event (what the flywheel stages count). */
    public SeededServer globalGoal(String goal, long converters) {
        await(server.storage().redis().hset(keys.goal(goal).counters(), Map.of(RedisKeys.Fields.GOAL_CONVERTERS, Long.toString(converters))));
        return this;
    }

    /** visitor_experiments documents as tracking's writer keeps them: n visitors exposed at {@code at}, the first k converted. */
    public SeededServer exposedVisitors(String experiment, String variant, Instant at, int n, int converted, String goal) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Document doc = new Document("_id", experiment + ":" + variant + "-" + at.toEpochMilli() + "-" + i).append("experiment", experiment)
                    .append("visitor", variant + "-" + i).append("variant", variant).append("exposed_at", Date.from(at));
            if (i < converted) {
                doc.append("goals", new Document(goal, new Document("count", 1L).append("total", 0L)));
            }
            docs.add(doc);
        }
        server.storage().mongo().getCollection(EventLog.VISITOR_EXPERIMENTS).insertMany(docs);
        return this;
    }

    /**
     * The channel report's inputs as tracking's writer leaves them: {@code n} visitors whose first exposure (to
     * {@code experiment}, at {@code at}) fixed {@code channel}, and a conversion on {@code goal} of the first {@code converted}.
     */
    public SeededServer channelVisitors(String experiment, String channel, Instant at, int n, int converted, String goal) {
        List<Document> visitors = new ArrayList<>();
        List<FlywheelEvent> conversions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String visitor = channel + "-" + i;
            visitors.add(new Document("_id", experiment + ":" + visitor).append("experiment", experiment).append("visitor", visitor)
                    .append("variant", "control").append("exposed_at", Date.from(at)).append("segments", new Document("channel", channel)));
            if (i < converted) {
                conversions.add(FlywheelEvent.of(visitor, goal, at.plusSeconds(60)));
            }
        }
        server.storage().mongo().getCollection(EventLog.VISITOR_EXPERIMENTS).insertMany(visitors);
        return conversions.isEmpty() ? this : eventLog(conversions);
    }

    /**
     * Writes events into the event log's {@code events} collection in the shape ingest gives them: the honest way to
     * have weeks of history, since {@code /v1/events} replaces client timestamps older than 24 hours by server time.
     */
    public SeededServer eventLog(List<FlywheelEvent> events) {
        List<Document> docs = new ArrayList<>();
        for (FlywheelEvent e : events) {
            boolean byType = e.name().equals("survey") || e.name().equals("referral");
            Document doc = new Document("_id", java.util.UUID.randomUUID().toString()).append("type", byType ? e.name() : "conversion")
                    .append("visitor", e.visitor());
            if (byType) {
                doc.append("experiment", e.experiment().orElse("nps"));
            } else {
                doc.append("goal", e.name()).append("value", e.valueMinor());
            }
            e.score().ifPresent(score -> doc.append("score", score));
            e.referrer().ifPresent(code -> doc.append("referrer", code));
            // Received now, as the writer's events are when it logs them: the flywheel rollup finds new events by it.
            docs.add(doc.append("at", Date.from(e.at())).append("received", new Date()));
        }
        server.storage().mongo().getCollection(EventLog.EVENTS).insertMany(docs);
        return this;
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
