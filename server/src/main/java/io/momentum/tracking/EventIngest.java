package io.momentum.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.experiment.Status;
import io.momentum.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest pipeline: attributes validated events to experiments and runs one Lua script per event
 * and Redis slot, which dedupes, counts and appends the event to that slot's stream atomically.
 * A conversion runs the global goal script (its home: it decides "duplicate") and fans out to every
 * running experiment that measures the goal. Also records the server-logged exposures of the assign route.
 */
public final class EventIngest implements ExposureRecorder {
    private static final Logger log = LoggerFactory.getLogger(EventIngest.class);

    private final Vertx vertx;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final ExperimentCatalog catalog;
    private final VariantResolver resolver;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> registeredStreams = ConcurrentHashMap.newKeySet();
    private final LuaScript exposureScript = LuaScript.load("exposure.lua");
    private final LuaScript conversionScript = LuaScript.load("conversion.lua");
    private final LuaScript goalScript = LuaScript.load("goal.lua");
    private final LuaScript surveyScript = LuaScript.load("survey.lua");
    private final LuaScript referralScript = LuaScript.load("referral.lua");

    public EventIngest(Vertx vertx, RedisClusterAsyncCommands<String, String> redis, RedisKeys keys,
                       ExperimentCatalog catalog, VariantResolver resolver, Clock clock) {
        this.vertx = vertx;
        this.redis = redis;
        this.keys = keys;
        this.catalog = catalog;
        this.resolver = resolver;
        this.clock = clock;
        Stream.of(exposureScript, conversionScript, goalScript, surveyScript, referralScript)
                .forEach(script -> script.preload(redis).exceptionally(e -> {
                    log.warn("could not preload {} (it will be sent with EVAL): {}", script, e.getMessage());
                    return null;
                }));
    }

    /** Ingests the events in order; fails with a 503 {@link ApiException} when Redis is unavailable. */
    public Future<IngestResult> ingest(List<TrackedEvent> events) {
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(events.size());
        long receivedAt = clock.millis();
        for (TrackedEvent event : events) {
            outcomes.add(ingestOne(event, receivedAt).toCompletableFuture());
        }
        CompletableFuture<IngestResult> all = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> summarise(outcomes));
        return Future.fromCompletionStage(all, vertx.getOrCreateContext()).recover(this::asApiFailure);
    }

    @Override
    public Future<Void> record(List<Exposure> exposures) {
        List<TrackedEvent> events = exposures.stream()
                .map(exposure -> TrackedEvent.exposure(UUID.randomUUID().toString(), exposure))
                .toList();
        return ingest(events).mapEmpty();
    }

    private static IngestResult summarise(List<CompletableFuture<Outcome>> outcomes) {
        int accepted = 0;
        int duplicates = 0;
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i).join();
            switch (outcome.kind) {
                case ACCEPTED -> accepted++;
                case DUPLICATE -> duplicates++;
                case REJECTED -> rejected.add(new IngestResult.Rejection(i, outcome.error));
            }
        }
        return new IngestResult(accepted, duplicates, rejected);
    }

    private <T> Future<T> asApiFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RedisCommandExecutionException) {
            return Future.failedFuture(cause); // a script or server error: a bug or an outage, logged as 500
        }
        log.warn("event ingest failed, Redis unavailable: {}", cause.toString());
        registeredStreams.clear(); // a Redis that comes back empty needs the streams registered again
        return Future.failedFuture(ApiException.unavailable("event storage (Redis) is unavailable; retry the batch with the same event ids"));
    }

    private CompletionStage<Outcome> ingestOne(TrackedEvent event, long receivedAt) {
        String payload = payload(event, receivedAt);
        if (event.type() == EventType.CONVERSION) {
            return convert(event, payload);
        }
        Optional<Experiment> found = event.experiment().flatMap(id -> catalog.current().experiment(id));
        if (found.isEmpty()) {
            return Outcome.rejected("unknown experiment \"" + event.experiment().orElse("") + "\"");
        }
        Experiment experiment = found.get();
        if (experiment.status() != Status.RUNNING) {
            return Outcome.rejected("experiment \"" + experiment.id() + "\" is not running (" + experiment.status().wireName() + ")");
        }
        RedisKeys.Scope scope = keys.experiment(experiment.id());
        String at = Long.toString(event.at().toEpochMilli());
        return switch (event.type()) {
            case EXPOSURE -> expose(experiment, event, scope, at, payload);
            case SURVEY -> run(surveyScript, scope,
                    new String[] {scope.seen(event.id()), scope.exposures(), scope.surveys(), scope.counters(), scope.stream()},
                    ttl(), event.visitor(), at, surveyAnswer(event), payload, experiment.id());
            case REFERRAL -> run(referralScript, scope,
                    new String[] {scope.seen(event.id()), scope.exposures(), scope.referrals(), scope.counters(), scope.stream()},
                    ttl(), event.visitor(), at, payload, experiment.id());
            case CONVERSION -> throw new IllegalStateException("handled above");
        };
    }

    private CompletionStage<Outcome> expose(Experiment experiment, TrackedEvent event, RedisKeys.Scope scope, String at, String payload) {
        Optional<String> variant = event.variant().or(() -> resolver.variantOf(experiment, event.visitor()));
        if (variant.isEmpty()) {
            return Outcome.rejected("visitor is not in experiment \"" + experiment.id() + "\"");
        }
        if (experiment.variant(variant.get()).isEmpty()) {
            return Outcome.rejected("experiment \"" + experiment.id() + "\" has no variant \"" + variant.get() + "\"");
        }
        return run(exposureScript, scope,
                new String[] {scope.seen(event.id()), scope.exposures(), scope.counters(), scope.stream()},
                ttl(), event.visitor(), variant.get(), at, payload, experiment.id());
    }

    /** The global goal counters decide "duplicate"; every running experiment measuring the goal is updated too. */
    private CompletionStage<Outcome> convert(TrackedEvent event, String payload) {
        String goal = event.goal().orElseThrow();
        String at = Long.toString(event.at().toEpochMilli());
        String value = Long.toString(event.valueMinor());
        String cap = Long.toString(EventParser.MAX_VALUE_MINOR);
        RedisKeys.Scope global = keys.goal(goal);
        List<CompletableFuture<Outcome>> updates = new ArrayList<>();
        updates.add(run(goalScript, global,
                new String[] {global.seen(event.id()), global.visitors(), global.counters(), global.stream()},
                ttl(), event.visitor(), value, payload, cap).toCompletableFuture());
        CatalogSnapshot snapshot = catalog.current();
        for (Experiment experiment : snapshot.experiments().values()) {
            if (experiment.status() == Status.RUNNING && measures(experiment, goal, snapshot.flywheel())) {
                RedisKeys.Scope scope = keys.experiment(experiment.id());
                updates.add(run(conversionScript, scope,
                        new String[] {scope.seen(event.id()), scope.exposures(), scope.goalVisitors(goal), scope.counters(), scope.stream()},
                        ttl(), event.visitor(), goal, at, value, payload, cap, experiment.id()).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(updates.toArray(CompletableFuture[]::new)).thenApply(ignored -> updates.get(0).join());
    }

    static boolean measures(Experiment experiment, String goal, FlywheelDefinition flywheel) {
        return CounterStore.countedEvents(experiment, flywheel).contains(goal);
    }


    private CompletionStage<Outcome> run(LuaScript script, RedisKeys.Scope scope, String[] scriptKeys, String... args) {
        CompletionStage<Outcome> outcome = script.run(redis, scriptKeys, args)
                .thenApply(result -> result.get(0) == 1L ? Outcome.ACCEPTED : Outcome.DUPLICATE);
        String stream = scope.stream();
        if (registeredStreams.contains(stream)) {
            return outcome;
        }
        // Register the stream for the writer (its own slot); the script has already queued behind it on the connection.
        return redis.sadd(keys.streams(), stream).thenAccept(added -> registeredStreams.add(stream))
                .thenCombine(outcome, (ignored, result) -> result);
    }

    private static String ttl() {
        return Long.toString(RedisKeys.DEDUPE_TTL_SECONDS);
    }

    private static String surveyAnswer(TrackedEvent event) {
        return event.score().isPresent() ? "ss|" + event.score().getAsInt() : "sc|" + event.choice().orElseThrow();
    }

    /** The event as the stream and the MongoDB log keep it. */
    private String payload(TrackedEvent event, long receivedAt) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(EventLog.ID, event.id());
        fields.put(EventLog.TYPE, event.type().wireName());
        fields.put(EventLog.VISITOR, event.visitor());
        event.experiment().ifPresent(e -> fields.put(EventLog.EXPERIMENT, e));
        event.goal().ifPresent(g -> fields.put(EventLog.GOAL, g));
        if (event.type() == EventType.CONVERSION) {
            fields.put(EventLog.VALUE, event.valueMinor());
        }
        event.score().ifPresent(s -> fields.put(EventLog.SCORE, s));
        event.choice().ifPresent(c -> fields.put(EventLog.CHOICE, c));
        event.variant().ifPresent(v -> fields.put(EventLog.VARIANT, v));
        fields.put(EventLog.AT, event.at().toEpochMilli());
        fields.put(EventLog.RECEIVED, receivedAt);
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serialisable", e);
        }
    }

    private record Outcome(Kind kind, String error) {
        enum Kind { ACCEPTED, DUPLICATE, REJECTED }

        static final Outcome ACCEPTED = new Outcome(Kind.ACCEPTED, null);
        static final Outcome DUPLICATE = new Outcome(Kind.DUPLICATE, null);

        static CompletionStage<Outcome> rejected(String error) {
            return CompletableFuture.completedFuture(new Outcome(Kind.REJECTED, error));
        }
    }
}
