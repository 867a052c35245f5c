package io.momentum.alerts;

import io.momentum.experiment.AlertsDefinition;
import io.momentum.experiment.AlertsDefinition.Condition;
import io.momentum.experiment.AlertsDefinition.Destination;
import io.momentum.experiment.AlertsDefinition.Format;
import io.momentum.experiment.AlertsReader;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.experiment.LoadProblem;
import io.momentum.reporting.ExperimentResults;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts and webhooks: every {@code check_every} it re-reads {@code alerts.yaml} if it changed (a bad file keeps the
 * last good rules and its problems are logged and listed), evaluates the rules ({@link AlertEvaluator}) and sends the
 * deliveries that are due with Vert.x's web client, retrying with {@link RetryPolicy}. Several servers may run it on
 * one store: a delivery is claimed before it is sent, so each alert reaches each destination once.
 */
public final class AlertService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertService.class);
    /** How long a claimed delivery waits for its attempt before another server may take it over. */
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Deliveries sent per evaluation at most; the rest go out at the next one. */
    static final int MAX_SENDS_PER_TICK = 100;

    private final Vertx vertx;
    private final Path file;
    private final ExperimentCatalog catalog;
    private final Function<String, Future<ExperimentResults>> results;
    private final AlertEvaluator evaluator;
    private final AlertStore store;
    private final Secrets secrets;
    private final Clock clock;
    private final RetryPolicy retry;
    private final WebClient client;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile Loaded loaded = new Loaded(AlertsDefinition.NONE, List.of(), null);
    private volatile boolean closed;
    private long timer = -1;

    /** The rules in force, the problems of the file as it is now, and the file's size and time when it was read. */
    private record Loaded(AlertsDefinition alerts, List<LoadProblem> problems, String stamp) {
    }

    private AlertService(Builder b) {
        this.vertx = Objects.requireNonNull(b.vertx, "vertx");
        this.file = Objects.requireNonNull(b.directory, "directory").resolve(AlertsReader.FILE_NAME);
        this.catalog = Objects.requireNonNull(b.catalog, "catalog");
        this.results = Objects.requireNonNull(b.results, "results");
        this.store = Objects.requireNonNull(b.store, "store");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.retry = Objects.requireNonNull(b.retry, "retry");
        this.evaluator = new AlertEvaluator(store, Objects.requireNonNull(b.exposures, "exposures"),
                Objects.requireNonNull(b.backlog, "backlog"), clock);
        this.secrets = new Secrets(b.env, b.directory);
        this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout((int) REQUEST_TIMEOUT.toMillis()).setUserAgent("momentum-alerts"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Evaluates now and then every {@code check_every} of the current alerts.yaml. */
    public AlertService start() {
        schedule(Duration.ZERO);
        return this;
    }

    private void schedule(Duration delay) {
        if (closed) {
            return;
        }
        timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> tick().onComplete(done -> schedule(loaded.alerts().checkEvery())));
    }

    /** The rules in force (the last good alerts.yaml). */
    public AlertsDefinition alerts() {
        return loaded.alerts();
    }

    /** The problems of alerts.yaml as it is on disk now; while there are any, the last good version is in force. */
    public List<LoadProblem> problems() {
        return loaded.problems();
    }

    /** Blocking: the newest alerts with their deliveries. */
    public List<AlertStore.Listed> recent(int limit) {
        return store.recent(limit);
    }

    /** One evaluation and the sending of what is due; a tick still running makes this one a no-op. */
    public Future<Void> tick() {
        if (!ticking.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(this::reload, false)
                .compose(alerts -> {
                    CatalogSnapshot snapshot = catalog.current();
                    return results(alerts, snapshot)
                            .compose(found -> vertx.executeBlocking(() -> evaluator.evaluate(alerts, snapshot, found), false));
                })
                .compose(fired -> {
                    fired.forEach(a -> log.info("alert {} {}: {}", a.id(), a.state(), a.summary()));
                    return send(0);
                })
                .recover(e -> {
                    log.warn("alert evaluation failed (retried at the next check): {}", e.toString());
                    return Future.succeededFuture();
                })
                .onComplete(done -> ticking.set(false));
    }

    private AlertsDefinition reload() {
        String stamp = stamp();
        Loaded current = loaded;
        if (Objects.equals(stamp, current.stamp())) {
            return current.alerts();
        }
        if (stamp == null) {
            loaded = new Loaded(AlertsDefinition.NONE, List.of(), null);
            log.info("no {}: no alerts", file);
            return AlertsDefinition.NONE;
        }
        AlertsReader.Result read = AlertsReader.read(file, file.getFileName().toString());
        if (read.alerts().isPresent()) {
            loaded = new Loaded(read.alerts().get(), List.of(), stamp);
            log.info("{}: {} destinations, {} rules", file, read.alerts().get().destinations().size(), read.alerts().get().rules().size());
        } else {
            loaded = new Loaded(current.alerts(), read.problems(), stamp);
            read.problems().forEach(p -> log.warn("{} (the last good alerts.yaml stays in force)", p));
        }
        return loaded.alerts();
    }

    private String stamp() {
        try {
            return Files.isRegularFile(file) ? Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis() : null;
        } catch (IOException e) {
            return "unreadable:" + e.getMessage();
        }
    }

    /** The results of the watched experiments, if any rule needs them; an experiment whose results fail is skipped this time. */
    private Future<Map<String, ExperimentResults>> results(AlertsDefinition alerts, CatalogSnapshot snapshot) {
        boolean needed = alerts.rules().stream().anyMatch(r -> r.when() == Condition.DECISION_REACHED || r.when() == Condition.SRM_DETECTED);
        if (!needed) {
            return Future.succeededFuture(Map.of());
        }
        Map<String, ExperimentResults> found = new java.util.concurrent.ConcurrentHashMap<>();
        List<Future<Void>> each = AlertEvaluator.watched(snapshot).stream().map(Experiment::id).map(id -> {
            Future<ExperimentResults> computed;
            try {
                computed = results.apply(id);
            } catch (RuntimeException e) {
                computed = Future.failedFuture(e);
            }
            return computed.<Void>map(r -> {
                found.put(id, r);
                return null;
            }).otherwise(e -> {
                log.debug("alerts: no results for {} this time: {}", id, e.toString());
                return null;
            });
        }).toList();
        return Future.join(each).map(done -> new HashMap<>(found));
    }

    /** Sends due deliveries one after another, up to {@link #MAX_SENDS_PER_TICK}. */
    private Future<Void> send(int sent) {
        if (sent >= MAX_SENDS_PER_TICK || closed) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> store.claimDue(clock.instant(), LEASE), false).compose(claim -> {
            if (claim.isEmpty()) {
                return Future.succeededFuture();
            }
            return attempt(claim.get()).compose(outcome -> vertx.executeBlocking(() -> {
                settle(claim.get(), outcome);
                return null;
            }, false)).compose(done -> send(sent + 1));
        });
    }

    /** What one attempt gave: the HTTP status, if an answer came, and what went wrong. */
    private record Outcome(Optional<Integer> status, Optional<String> error) {
        boolean delivered() {
            return error.isEmpty();
        }
    }

    private Future<Outcome> attempt(AlertStore.Claim claim) {
        Delivery delivery = claim.delivery();
        Request request;
        try {
            request = request(delivery, claim.alert());
        } catch (IllegalStateException e) {
            return Future.succeededFuture(new Outcome(Optional.empty(), Optional.of(e.getMessage())));
        }
        var post = client.postAbs(request.url()).timeout(REQUEST_TIMEOUT.toMillis())
                .putHeader("Content-Type", "application/json").putHeader(AlertMessage.DELIVERY, delivery.id());
        request.headers().forEach(post::putHeader);
        return post.sendBuffer(Buffer.buffer(request.body()))
                .map(response -> response.statusCode() / 100 == 2
                        ? new Outcome(Optional.of(response.statusCode()), Optional.empty())
                        : new Outcome(Optional.of(response.statusCode()), Optional.of("the receiver answered HTTP " + response.statusCode())))
                .otherwise(e -> new Outcome(Optional.empty(), Optional.of("could not reach the receiver: " + e.getMessage())));
    }

    private record Request(String url, Map<String, String> headers, String body) {
    }

    /** Builds the request from the destination as alerts.yaml defines it now (a fixed secret takes effect on the next retry). */
    private Request request(Delivery delivery, Alert alert) {
        Destination destination = loaded.alerts().destination(delivery.destination()).orElseThrow(() -> new IllegalStateException(
                "destination " + delivery.destination() + " is no longer in " + AlertsReader.FILE_NAME));
        String url = destination.url().orElseGet(() -> secrets.resolve(destination.urlFrom().orElseThrow(), "url"));
        if (!AlertsReader.valid(url)) {
            throw new IllegalStateException("the URL of destination " + destination.name() + " is not an http(s) URL with a host");
        }
        String body = AlertMessage.body(destination.format(), alert, delivery.id());
        if (destination.format() == Format.SLACK) {
            return new Request(url, Map.of(), body);
        }
        String secret = secrets.resolve(destination.secret().orElseThrow(), "secret");
        long timestamp = clock.instant().getEpochSecond();
        return new Request(url, Map.of(AlertMessage.TIMESTAMP, Long.toString(timestamp),
                AlertMessage.SIGNATURE, AlertMessage.signature(secret, timestamp, body)), body);
    }

    private void settle(AlertStore.Claim claim, Outcome outcome) {
        Delivery delivery = claim.delivery();
        Instant now = clock.instant();
        if (outcome.delivered()) {
            store.delivered(delivery.id(), now, outcome.status().orElse(200));
            log.info("alert {} delivered to {}", claim.alert().id(), delivery.destination());
            return;
        }
        Optional<Instant> next = retry.after(delivery.attempts()).map(now::plus);
        store.attemptFailed(delivery.id(), next, outcome.error().orElseThrow(), outcome.status());
        log.warn("alert {} to {}: attempt {} failed: {}; {}", claim.alert().id(), delivery.destination(), delivery.attempts(),
                outcome.error().orElseThrow(), next.map(t -> "next attempt at " + t).orElse("giving up"));
    }

    @Override
    public void close() {
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        client.close();
    }

    /** The parts of an alert service; the clock, the randomness of the retries and the environment are injected. */
    public static final class Builder {
        private Vertx vertx;
        private Path directory;
        private ExperimentCatalog catalog;
        private Function<String, Future<ExperimentResults>> results;
        private ExposureActivity exposures;
        private LongSupplier backlog;
        private AlertStore store;
        private Clock clock;
        private RetryPolicy retry;
        private Function<String, Optional<String>> env = name -> Optional.empty();

        public Builder vertx(Vertx vertx) {
            this.vertx = vertx;
            return this;
        }

        /** The experiment directory, where alerts.yaml is read (relative secret files too). */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        public Builder catalog(ExperimentCatalog catalog) {
            this.catalog = catalog;
            return this;
        }

        public Builder results(Function<String, Future<ExperimentResults>> results) {
            this.results = results;
            return this;
        }

        public Builder exposures(ExposureActivity exposures) {
            this.exposures = exposures;
            return this;
        }

        /** Events acknowledged but not yet in MongoDB. */
        public Builder backlog(LongSupplier backlog) {
            this.backlog = backlog;
            return this;
        }

        public Builder store(AlertStore store) {
            this.store = store;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        /** Environment variables by name (secret_env, url_env). */
        public Builder env(Function<String, Optional<String>> env) {
            this.env = env;
            return this;
        }

        public AlertService build() {
            return new AlertService(this);
        }
    }
}
