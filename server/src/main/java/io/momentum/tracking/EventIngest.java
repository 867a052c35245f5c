package io.momentum.tracking;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisLoadingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.momentum.assign.Exposure;
import io.momentum.assign.ExposureTokens;
import io.momentum.assign.MintedVisitors;
import io.momentum.assign.ExposureRecorder;
import io.momentum.domain.BacklogFullException;
import io.momentum.domain.OverloadedException;
import io.momentum.domain.StoreUnavailableException;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Dimension;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.experiment.GoalIndex;
import io.momentum.experiment.SchedulePhase;
import io.momentum.experiment.Status;
import io.momentum.experiment.SurveyChoices;
import io.momentum.experiment.Allocation;
import io.momentum.reporting.Allocations;
import io.momentum.reporting.WeightPeriod;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest pipeline: attributes validated events to experiments and, per batch, runs each event type's Lua
 * script once per Redis slot (experiment or goal) with all of the batch's events for it; the script dedupes,
 * counts and appends each event to that slot's stream atomically.
 * A conversion runs the global goal script (its home: it decides "duplicate") and fans out to every
 * running experiment that measures the goal. Also records the server-logged exposures of the assign route.
 *
 * <p>Overload is not an outage: at most {@link #MAX_IN_FLIGHT_EVENTS} events wait for Redis at once (a batch that
 * would exceed it fails at once with {@link OverloadedException}, 503 {@code overloaded} + Retry-After), and a command
 * that times out while the connection is up is reported the same way; only a lost connection is "unavailable".
 */
public final class EventIngest implements ExposureRecorder {
    private static final Logger log = LoggerFactory.getLogger(EventIngest.class);
    /**
     * Events sent to Redis and not yet answered, per server. Far above what a healthy Redis keeps in flight
     * (a batch holds at most 1,000 events and Redis answers in milliseconds), low enough that the queue never
     * grows to the 2 s command timeout.
     */
    public static final long MAX_IN_FLIGHT_EVENTS = 20_000;

    private final Vertx vertx;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final ExperimentCatalog catalog;
    private final VariantResolver resolver;
    private final Clock clock;
    private final EventBacklog backlog;
    private final BooleanSupplier redisConnected;
    private final long maxInFlight;
    private final AtomicLong inFlight = new AtomicLong();
    private final Set<String> registeredStreams = ConcurrentHashMap.newKeySet();
    private final AtomicReference<GoalIndex> goals = new AtomicReference<>();
    private final LuaScript exposureScript = LuaScript.load("exposure.lua");
    private final LuaScript conversionScript = LuaScript.load("conversion.lua");
    private final LuaScript goalScript = LuaScript.load("goal.lua");
    private final LuaScript surveyScript = LuaScript.load("survey.lua");
    private final LuaScript referralScript = LuaScript.load("referral.lua");
    private final Counter unknownGoals;
    private final Counter serverOnlyGoals;
    private final Optional<ExposureTokens> requiredTokens;
    private final MintedVisitors minted;
    private final Allocations allocations;

    /** {@code allocations}: the bandits' weight periods, so each exposure is counted in its weight-period cohort. */
    public EventIngest(Vertx vertx, RedisClusterAsyncCommands<String, String> redis, RedisKeys keys,
                       ExperimentCatalog catalog, VariantResolver resolver, Clock clock, EventBacklog backlog,
                       MeterRegistry registry, Optional<ExposureTokens> requiredTokens, MintedVisitors minted,
                       BooleanSupplier redisConnected, Allocations allocations) {
        this(vertx, redis, keys, catalog, resolver, clock, backlog, registry, requiredTokens, minted, redisConnected,
                allocations, MAX_IN_FLIGHT_EVENTS);
    }

    EventIngest(Vertx vertx, RedisClusterAsyncCommands<String, String> redis, RedisKeys keys,
                ExperimentCatalog catalog, VariantResolver resolver, Clock clock, EventBacklog backlog,
                MeterRegistry registry, Optional<ExposureTokens> requiredTokens, MintedVisitors minted,
                BooleanSupplier redisConnected, Allocations allocations, long maxInFlight) {
        this.allocations = allocations;
        this.redisConnected = redisConnected;
        this.maxInFlight = maxInFlight;
        this.vertx = vertx;
        this.redis = redis;
        this.keys = keys;
        this.catalog = catalog;
        this.resolver = resolver;
        this.clock = clock;
        this.backlog = backlog;
        this.requiredTokens = requiredTokens;
        this.minted = minted;
        this.unknownGoals = Counter.builder("momentum.events.rejected")
                .tag("reason", "unknown_goal")
                .description("conversions refused because no experiment, stage or funnel uses their goal")
                .register(registry);
        this.serverOnlyGoals = Counter.builder("momentum.events.rejected")
                .tag("reason", "server_only_goal")
                .description("browser conversions refused because their goal counts only conversions sent with the ingest key")
                .register(registry);
        Stream.of(exposureScript, conversionScript, goalScript, surveyScript, referralScript)
                .forEach(script -> script.preload(redis).exceptionally(e -> {
                    log.warn("could not preload {} (it will be sent with EVAL): {}", script, e.getMessage());
                    return null;
                }));
    }

    /**
     * Ingests the events in order; fails with {@link StoreUnavailableException} when Redis is unavailable, with
     * {@link OverloadedException} when Redis is slow or too many events are in flight, and with
     * {@link BacklogFullException} when too many events wait for MongoDB.
     */
    public Future<IngestResult> ingest(List<TrackedEvent> events) {
        return ingest(events, Optional.empty());
    }

    /** Ingests events a client at {@code client} sent: its exposures are watched for minted visitors. */
    public Future<IngestResult> ingest(List<TrackedEvent> events, Optional<String> client) {
        if (backlog.full()) {
            return Future.failedFuture(new BacklogFullException("the event backlog is full (" + backlog.waiting()
                    + " events wait for MongoDB, bound " + backlog.max() + "); retry the batch later with the same event ids"));
        }
        long size = events.size();
        long now = inFlight.addAndGet(size);
        if (now > maxInFlight && now > size) { // one batch alone always goes through
            inFlight.addAndGet(-size);
            return Future.failedFuture(new OverloadedException("the server is busy (" + (now - size) + " events in flight to Redis, bound "
                    + maxInFlight + "); retry the batch in a moment with the same event ids"));
        }
        return send(events, client).andThen(done -> inFlight.addAndGet(-size));
    }

    /** Events sent to Redis and not answered yet. */
    public long inFlight() {
        return inFlight.get();
    }

    private Future<IngestResult> send(List<TrackedEvent> events, Optional<String> client) {
        long receivedAt = clock.millis();
        Outcome[] outcomes = new Outcome[events.size()];
        Map<String, ScriptCall> exposures = new LinkedHashMap<>();
        Map<String, ScriptCall> others = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            TrackedEvent event = events.get(i);
            String payload = payload(event, receivedAt);
            outcomes[i] = event.type() == EventType.CONVERSION
                    ? planConversion(i, event, payload, others)
                    : planExperimentEvent(i, event, payload, event.type() == EventType.EXPOSURE ? exposures : others);
            if (event.type() == EventType.EXPOSURE && outcomes[i] == Outcome.PENDING && client.isPresent() && !event.fromServer()) {
                minted.exposed(client.get(), event.experiment().orElseThrow(), event.visitor());
            }
        }
        // Exposures go first: on one connection (and one cluster slot) Redis runs the scripts in the order sent.
        List<ScriptCall> calls = new ArrayList<>(exposures.values());
        calls.addAll(others.values());
        List<CompletableFuture<Void>> running = calls.stream().map(call -> run(call, outcomes).toCompletableFuture()).toList();
        CompletableFuture<IngestResult> all = CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> summarise(outcomes));
        return Future.fromCompletionStage(all, vertx.getOrCreateContext()).recover(this::asDomainFailure);
    }

    /**
     * Server-logged exposures get a name-based id of (experiment, visitor): a returning visitor's
     * page views inside the dedupe window are duplicates, so only the first one reaches the
     * stream and the event log.
     */
    @Override
    public Future<Void> record(List<Exposure> exposures) {
        return recordExposures(exposures).mapEmpty();
    }

    /** {@link #record}, with the outcome of each exposure (rejection indexes are positions in {@code exposures}). */
    public Future<IngestResult> recordExposures(List<Exposure> exposures) {
        List<TrackedEvent> events = exposures.stream()
                .map(exposure -> TrackedEvent.exposure(assignmentExposureId(exposure), exposure))
                .toList();
        return ingest(events);
    }

    static String assignmentExposureId(Exposure exposure) {
        byte[] name = (exposure.experimentId() + "\n" + exposure.visitorId()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return UUID.nameUUIDFromBytes(name).toString();
    }

    private static IngestResult summarise(Outcome[] outcomes) {
        int accepted = 0;
        int duplicates = 0;
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            switch (outcomes[i].kind) {
                case ACCEPTED -> accepted++;
                case DUPLICATE -> duplicates++;
                case REJECTED -> rejected.add(new IngestResult.Rejection(i, outcomes[i].error));
                case PENDING -> throw new IllegalStateException("event " + i + " has no outcome");
            }
        }
        return new IngestResult(accepted, duplicates, rejected);
    }

    private <T> Future<T> asDomainFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        // LOADING: a restarted Redis still replaying its append-only file is unavailable for a moment, not broken
        if (cause instanceof RedisCommandExecutionException && !(cause instanceof RedisLoadingException)) {
            return Future.failedFuture(cause); // a script or server error: a bug or an outage, logged as 500
        }
        if (cause instanceof RedisCommandTimeoutException && redisConnected.getAsBoolean()) {
            log.warn("event ingest timed out with Redis connected (Redis is slow): {}", cause.toString());
            return Future.failedFuture(new OverloadedException("event storage (Redis) is slow to answer; retry the batch in a moment with the same event ids"));
        }
        log.warn("event ingest failed, Redis unavailable: {}", cause.toString());
        registeredStreams.clear(); // a Redis that comes back empty needs the streams registered again
        return Future.failedFuture(new StoreUnavailableException("event storage (Redis) is unavailable; retry the batch with the same event ids"));
    }

    /** Exposure, survey or referral: one running experiment, one script call per experiment and type. */
    private Outcome planExperimentEvent(int index, TrackedEvent event, String payload, Map<String, ScriptCall> calls) {
        CatalogSnapshot snapshot = catalog.current();
        Optional<Experiment> found = event.experiment().flatMap(snapshot::experiment);
        if (found.isEmpty()) {
            return Outcome.rejected("unknown experiment \"" + event.experiment().orElse("") + "\"");
        }
        Experiment experiment = found.get();
        if (experiment.status() != Status.RUNNING) {
            return Outcome.rejected("experiment \"" + experiment.id() + "\" is not running (" + experiment.status().wire() + ")");
        }
        if (!snapshot.running(experiment) || !experiment.runningAt(event.at())) {
            return Outcome.rejected(outsideSchedule(experiment, event.at(), snapshot.asOf()));
        }
        RedisKeys.Scope scope = keys.experiment(experiment.id());
        String at = Long.toString(event.at().toEpochMilli());
        switch (event.type()) {
            case EXPOSURE -> {
                Optional<String> variant = event.variant().or(() -> resolver.variantOf(experiment, event.visitor()));
                if (variant.isEmpty()) {
                    return Outcome.rejected("visitor is not in experiment \"" + experiment.id() + "\"");
                }
                if (experiment.variant(variant.get()).isEmpty()) {
                    return Outcome.rejected("experiment \"" + experiment.id() + "\" has no variant \"" + variant.get() + "\"");
                }
                Optional<String> forged = event.variant().isPresent() ? Optional.empty() : tokenProblem(event, experiment, variant.get());
                if (forged.isPresent()) {
                    return Outcome.rejected(forged.get());
                }
                call(calls, exposureScript, scope, List.of(scope.exposures(), scope.counters(), scope.stream(), scope.segments(),
                        scope.segmentCounters(), scope.segmentValues()), ttl(), experiment.id())
                        .add(index, List.of(scope.seen(event.id())), event.visitor(), variant.get(), at, payload,
                                withCohort(wantedSegments(catalog.current().flywheel().dimensions(), event.attributes()),
                                        experiment, event.at()));
            }
            case SURVEY -> {
                Optional<String> choice = event.choice();
                if (choice.isPresent() && !SurveyChoices.of(experiment).contains(choice.get())) {
                    // Free text would become counter fields that every results view reads whole.
                    return Outcome.rejected("choice is not one of the options of experiment \"" + experiment.id() + "\"");
                }
                call(calls, surveyScript, scope, List.of(scope.exposures(), scope.surveys(), scope.counters(), scope.stream()),
                        ttl(), experiment.id())
                        .add(index, List.of(scope.seen(event.id())), event.visitor(), at, surveyAnswer(event), payload);
                planGoal(ScriptCall.FAN_OUT, event, EventType.SURVEY.wire(), payload, calls);
            }
            case REFERRAL -> {
                call(calls, referralScript, scope, List.of(scope.exposures(), scope.referrals(), scope.counters(), scope.stream()),
                        ttl(), experiment.id())
                        .add(index, List.of(scope.seen(event.id())), event.visitor(), at, payload);
                planGoal(ScriptCall.FAN_OUT, event, EventType.REFERRAL.wire(), payload, calls);
            }
            case CONVERSION -> throw new IllegalStateException("conversions are planned by planConversion");
        }
        return Outcome.PENDING;
    }

    /**
     * Why a client-sent exposure does not prove its assignment, when tokens are required: the public hash tells
     * anyone a minted id's variant, so only the token shows that this server assigned it.
     */
    private Optional<String> tokenProblem(TrackedEvent event, Experiment experiment, String variant) {
        if (requiredTokens.isEmpty() || event.fromServer()) {
            return Optional.empty();
        }
        if (event.token().isEmpty()) {
            return Optional.of("a client-sent exposure needs the token /v1/assign returned with the assignment");
        }
        return requiredTokens.get().problem(event.token().get(), experiment.id(), event.visitor(), variant, clock.instant());
    }

    /** The global goal counters decide "duplicate"; every running experiment measuring the goal is updated too. */
    private Outcome planConversion(int index, TrackedEvent event, String payload, Map<String, ScriptCall> calls) {
        String goal = event.goal().orElseThrow();
        if (!goalIndex(catalog.current()).knows(goal)) {
            // Every goal name would become never-expiring counters and a stream: only names the catalog uses.
            unknownGoals.increment();
            return Outcome.rejected("unknown goal \"" + goal + "\": no experiment, stage or funnel uses it");
        }
        if (!event.fromServer() && goalIndex(catalog.current()).serverOnly(goal)) {
            // A browser can send any visitor id: a goal declared source: server trusts only the backend.
            serverOnlyGoals.increment();
            return Outcome.rejected("goal \"" + goal + "\" counts only conversions your backend sends with the ingest key (source: server)");
        }
        planGoal(index, event, event.goal().orElseThrow(), payload, calls);
        return Outcome.PENDING;
    }

    /**
     * Counts the event as a conversion on {@code goal}: globally and in every running experiment measuring it.
     * Survey and referral events also count as the goals "survey" and "referral" (goal names experiments and the
     * flywheel use); their event id gets a "|goal" suffix there so it does not collide with the survey or
     * referral script's own id key in the same slot.
     */
    private void planGoal(int index, TrackedEvent event, String goal, String payload, Map<String, ScriptCall> calls) {
        String seenId = event.type() == EventType.CONVERSION ? event.id() : event.id() + "|" + goal;
        String at = Long.toString(event.at().toEpochMilli());
        String value = Long.toString(event.valueMinor());
        String cap = Long.toString(EventParser.MAX_VALUE_MINOR);
        RedisKeys.Scope global = keys.goal(goal);
        call(calls, goalScript, global, List.of(global.visitors(), global.counters(), global.stream()), ttl(), cap)
                .add(index, List.of(global.seen(seenId)), event.visitor(), value, payload);
        for (Experiment experiment : goalIndex(catalog.current()).experimentsCounting(goal)) {
            if (!experiment.runningAt(event.at())) {
                continue; // happened before the start or after the end: the global goal counts it, the experiment not
            }
            RedisKeys.Scope scope = keys.experiment(experiment.id());
            call(calls, conversionScript, scope, List.of(scope.exposures(), scope.counters(), scope.stream(), scope.segments(),
                    scope.segmentCounters()), ttl(), cap, experiment.id())
                    .add(ScriptCall.FAN_OUT, List.of(scope.seen(seenId), scope.goalVisitors(goal)),
                            event.visitor(), goal, at, value, payload);
        }
    }

    /** Why an event of a running experiment is outside its schedule, at the event's time or the snapshot's. */
    private static String outsideSchedule(Experiment experiment, Instant eventAt, Instant snapshotAt) {
        SchedulePhase phase = SchedulePhase.of(experiment, eventAt);
        if (phase == SchedulePhase.LIVE) {
            phase = SchedulePhase.of(experiment, snapshotAt);
        }
        return phase == SchedulePhase.ENDED
                ? "experiment \"" + experiment.id() + "\" ended at " + experiment.end().orElseThrow()
                : "experiment \"" + experiment.id() + "\" starts at " + experiment.start().orElseThrow();
    }

    /** The goal index of the snapshot, built once per version; an older one never replaces a newer one. */
    private GoalIndex goalIndex(CatalogSnapshot snapshot) {
        GoalIndex index = goals.get();
        if (index != null && index.version() == snapshot.version()) {
            return index;
        }
        GoalIndex built = GoalIndex.of(snapshot);
        goals.accumulateAndGet(built, (old, fresh) -> old != null && old.version() > fresh.version() ? old : fresh);
        return built;
    }

    private static ScriptCall call(Map<String, ScriptCall> calls, LuaScript script, RedisKeys.Scope scope, List<String> fixedKeys,
                                   String... fixedArgs) {
        return calls.computeIfAbsent(script + scope.tag(), k -> new ScriptCall(script, scope, fixedKeys, List.of(fixedArgs)));
    }

    /** Runs one script call and records the status of each event whose outcome it decides. */
    private CompletionStage<Void> run(ScriptCall call, Outcome[] outcomes) {
        CompletionStage<Void> done = call.script.run(redis, call.keys.toArray(String[]::new), call.args.toArray(String[]::new))
                .thenAccept(statuses -> {
                    for (int i = 0; i < call.events.size(); i++) {
                        int event = call.events.get(i);
                        if (event != ScriptCall.FAN_OUT) {
                            outcomes[event] = statuses.get(i) == 1L ? Outcome.ACCEPTED : Outcome.DUPLICATE;
                        }
                    }
                });
        String stream = call.scope.stream();
        if (registeredStreams.contains(stream)) {
            return done;
        }
        // Register the stream for the writer (its own slot); the set is only read by the writer.
        return redis.sadd(keys.streams(), stream).thenAccept(added -> registeredStreams.add(stream))
                .thenCombine(done, (ignored, result) -> result);
    }

    /** One script invocation covering every event of a batch for one script and one hash tag, in batch order. */
    private static final class ScriptCall {
        static final int FAN_OUT = -1;

        final LuaScript script;
        final RedisKeys.Scope scope;
        final List<String> keys;
        final List<String> args;
        final List<Integer> events = new ArrayList<>();

        ScriptCall(LuaScript script, RedisKeys.Scope scope, List<String> fixedKeys, List<String> fixedArgs) {
            this.script = script;
            this.scope = scope;
            this.keys = new ArrayList<>(fixedKeys);
            this.args = new ArrayList<>(fixedArgs);
        }

        /** Adds an event: its batch index (or {@link #FAN_OUT} when another call decides its outcome), keys and arguments. */
        ScriptCall add(int event, List<String> eventKeys, String... eventArgs) {
            events.add(event);
            keys.addAll(eventKeys);
            args.addAll(List.of(eventArgs));
            return this;
        }
    }

    /**
     * The exposure's value in every configured dimension with its cap, "dimension|cap|value|...", for exposure.lua
     * to fix (and cap) at the first exposure; a missing attribute is {@link Dimension#NONE}.
     */
    static String wantedSegments(List<Dimension> dimensions, Map<String, String> attributes) {
        StringJoiner wanted = new StringJoiner("|");
        for (Dimension d : dimensions) {
            wanted.add(d.name() + "|" + d.maxValues() + "|" + Dimension.segmentOf(attributes.get(d.name())));
        }
        return wanted.toString();
    }

    /**
     * A bandit's exposure also fixes the visitor's weight-period cohort (the period in force at the exposure's time;
     * before the first recorded period, period 0), so that every later conversion counts in the period the visitor was
     * assigned in ({@link RedisKeys.Fields#PERIOD_DIMENSION}).
     */
    private String withCohort(String wanted, Experiment experiment, Instant at) {
        if (experiment.allocation().mode() != Allocation.Mode.BANDIT) {
            return wanted;
        }
        String cohort = RedisKeys.Fields.PERIOD_DIMENSION + "|" + RedisKeys.Fields.MAX_PERIODS + "|"
                + periodAt(allocations.periods(experiment.id()), at);
        return wanted.isEmpty() ? cohort : wanted + "|" + cohort;
    }

    /** The index of the last period started at or before {@code at}; 0 when none has. */
    static int periodAt(List<WeightPeriod> periods, Instant at) {
        int period = 0;
        for (int k = 0; k < periods.size(); k++) {
            if (!periods.get(k).start().isAfter(at)) {
                period = k;
            }
        }
        return period;
    }

    private static String ttl() {
        return Long.toString(RedisKeys.DEDUPE_TTL_SECONDS);
    }

    private static String surveyAnswer(TrackedEvent event) {
        return event.score().isPresent() ? RedisKeys.Fields.surveyAnswer(event.score().getAsInt())
                : RedisKeys.Fields.surveyAnswer(event.choice().orElseThrow());
    }

    /**
     * The event as the stream and the MongoDB log keep it: a JSON object written straight into a string (no map or
     * tree per event; strings escaped by Jackson's encoder), fields in this order, absent ones left out.
     */
    static String payload(TrackedEvent event, long receivedAt) {
        StringBuilder json = new StringBuilder(160);
        json.append('{');
        text(json, EventLog.ID, event.id());
        json.append(',');
        text(json, EventLog.TYPE, event.type().wire());
        json.append(',');
        text(json, EventLog.VISITOR, event.visitor());
        event.experiment().ifPresent(e -> text(json.append(','), EventLog.EXPERIMENT, e));
        event.goal().ifPresent(g -> text(json.append(','), EventLog.GOAL, g));
        if (event.type() == EventType.CONVERSION) {
            number(json.append(','), EventLog.VALUE, event.valueMinor());
        }
        event.score().ifPresent(score -> number(json.append(','), EventLog.SCORE, score));
        event.choice().ifPresent(c -> text(json.append(','), EventLog.CHOICE, c));
        event.variant().ifPresent(v -> text(json.append(','), EventLog.VARIANT, v));
        event.referrer().ifPresent(r -> text(json.append(','), EventLog.REFERRER, r));
        if (event.fromServer()) {
            text(json.append(','), EventLog.SOURCE, "server");
        }
        number(json.append(','), EventLog.AT, event.at().toEpochMilli());
        number(json.append(','), EventLog.RECEIVED, receivedAt);
        return json.append('}').toString();
    }

    private static void text(StringBuilder json, String field, String value) {
        json.append('"').append(field).append("\":\"");
        JsonStringEncoder.getInstance().quoteAsString(value, json);
        json.append('"');
    }

    private static void number(StringBuilder json, String field, long value) {
        json.append('"').append(field).append("\":").append(value);
    }

    private record Outcome(Kind kind, String error) {
        enum Kind { PENDING, ACCEPTED, DUPLICATE, REJECTED }

        static final Outcome PENDING = new Outcome(Kind.PENDING, null);
        static final Outcome ACCEPTED = new Outcome(Kind.ACCEPTED, null);
        static final Outcome DUPLICATE = new Outcome(Kind.DUPLICATE, null);

        static Outcome rejected(String error) {
            return new Outcome(Kind.REJECTED, error);
        }
    }
}
