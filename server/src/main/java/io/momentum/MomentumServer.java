package io.momentum;

import io.momentum.analysis.AnalysisRoutes;
import io.momentum.assign.AssignmentRoutes;
import io.momentum.assign.AssignmentService;
import io.momentum.bandit.BanditAllocations;
import io.momentum.bandit.BanditCatalog;
import io.momentum.config.ServerConfig;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.experiment.ExperimentRoutes;
import io.momentum.experiment.YamlExperimentCatalog;
import io.momentum.assign.ExposureTokens;
import io.momentum.assign.QaTokens;
import io.momentum.assign.MintedVisitors;
import io.momentum.config.DataDir;
import io.momentum.config.SecretFile;
import io.momentum.config.SecurityNotices;
import io.momentum.ops.HealthRoutes;
import io.momentum.ops.MetricsServer;
import io.momentum.ops.OpenApiRoutes;
import io.momentum.ops.ReadinessCheck;
import io.momentum.sdk.SdkRoutes;
import io.momentum.storage.Storage;
import io.momentum.tracking.Tracking;
import io.momentum.web.AccessControl;
import io.momentum.web.ApiJson;
import io.momentum.web.EdgeHandlers;
import io.momentum.web.Endpoint;
import io.momentum.web.ErrorMapper;
import io.momentum.web.MethodLabel;
import io.momentum.web.HttpServerVerticle;
import io.momentum.web.IngestKey;
import io.momentum.web.Route;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the stores, the services and the HTTP verticles of one running Momentum server. */
public final class MomentumServer {
    private static final Logger log = LoggerFactory.getLogger(MomentumServer.class);
    /** The exposure token key in the data directory, used when none is configured. */
    static final String EXPOSURE_SECRET_FILE = "exposure-token.secret";
    /** The ingest key in the data directory, used when none is configured. */
    static final String INGEST_KEY_FILE = "ingest.key";

    private final Vertx vertx;
    private final Storage storage;
    private final YamlExperimentCatalog catalog;
    private final Tracking tracking;
    private final ReportingFeature reporting;
    private final int port;
    private final Optional<Integer> metricsPort;
    private final String httpDeployment;
    private final List<Endpoint> routes;
    private final java.util.concurrent.atomic.AtomicBoolean stopping;
    private final io.momentum.web.AcceptedConnections connections;

    private MomentumServer(Vertx vertx, Storage storage, YamlExperimentCatalog catalog, Tracking tracking, ReportingFeature reporting,
                           Http http, Optional<Integer> metricsPort, List<Endpoint> routes) {
        this.stopping = http.stopping();
        this.connections = http.connections();
        this.vertx = vertx;
        this.storage = storage;
        this.catalog = catalog;
        this.tracking = tracking;
        this.reporting = reporting;
        this.port = http.port();
        this.httpDeployment = http.deployment();
        this.metricsPort = metricsPort;
        this.routes = routes;
    }

    /**
     * The deployed HTTP verticles: the port they share, the deployment to undeploy gracefully, their accepted
     * connections and the flag that makes {@code /ready} say "stopping".
     */
    private record Http(int port, String deployment, io.momentum.web.AcceptedConnections connections,
                        java.util.concurrent.atomic.AtomicBoolean stopping) {
    }

    /** How long no connection may arrive before the listener closes, and the longest a stop waits for that. */
    private static final Duration ACCEPT_QUIET = Duration.ofMillis(500);
    private static final Duration ACCEPT_QUIET_MAX = Duration.ofSeconds(3);

    /** Starts everything and returns once the HTTP port is listening. */
    public static MomentumServer start(ServerConfig config) {
        long started = System.nanoTime();
        createDataDir(config);
        byte[] tokenSecret = config.exposureSecret()
                .orElseGet(() -> SecretFile.loadOrCreate(config.dataDir().resolve(EXPOSURE_SECRET_FILE)))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ExposureTokens tokens = new ExposureTokens(tokenSecret);
        QaTokens qaTokens = new QaTokens(tokenSecret);
        IngestKey ingestKey = new IngestKey(config.ingestKey()
                .orElseGet(() -> SecretFile.loadOrCreate(config.dataDir().resolve(INGEST_KEY_FILE))));
        MintedVisitors minted = new MintedVisitors();
        Storage storage = Storage.open(config);
        String metricsRegistry = "momentum-" + UUID.randomUUID();
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setJvmMetricsEnabled(true)
                        .setRegistryName(metricsRegistry)
                        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE))
                        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
                .withMetrics(new MicrometerMetricsFactory(prometheusRegistry()))
                .build();
        YamlExperimentCatalog catalog = YamlExperimentCatalog.start(config.experimentsDir());
        Tracking tracking = null;
        ReportingFeature reporting = null;
        try {
            ApiJson json = new ApiJson();
            // Assignment and tracking see bandit experiments with their published weights.
            BanditAllocations allocations = new BanditAllocations();
            ExperimentCatalog served = new BanditCatalog(catalog, allocations);
            tracking = Tracking.start(vertx, storage, served, json,
                    Optional.ofNullable(BackendRegistries.getNow(metricsRegistry)), Clock.systemUTC(), config.maxEventBacklog(),
                    config.exposureTokensRequired() ? Optional.of(tokens) : Optional.empty(), minted, ingestKey, allocations);
            java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
            List<ReadinessCheck> checks = List.of(
                    redisCheck(vertx, storage),
                    mongoCheck(vertx, storage),
                    experimentsCheck(catalog),
                    check("serving", () -> stopping.get() ? Future.failedFuture("stopping") : Future.succeededFuture()));
            reporting = ReportingFeature.start(vertx, storage, catalog, allocations, tracking.counts(), json, Clock.systemUTC(), minted,
                    tracking::waitingEvents, qaTokens, SecurityNotices.of(config),
                    config.lookInterval());
            AssignmentService assignments = new AssignmentService(served, tracking.exposureRecorder(), Clock.systemUTC(),
                    BackendRegistries.getNow(metricsRegistry), config.allowForcedVariants(), tokens, qaTokens, minted);
            List<Routes> features = new ArrayList<>(List.of(
                    new HealthRoutes(json, checks, metricsRegistry, config.metricsPort().isEmpty(), readinessDetails(tracking)),
                    new ExperimentRoutes(json, catalog),
                    new AssignmentRoutes(json, assignments),
                    new AnalysisRoutes(json),
                    tracking.routes(),
                    SdkRoutes.fromClasspath(),
                    new OpenApiRoutes()));
            features.addAll(reporting.routes());
            AccessControl access = new AccessControl(config.viewerToken(), config.adminToken());
            Http http = deployHttp(vertx, config, new ErrorMapper(json), new EdgeHandlers(config.access(), access), features, stopping);
            Optional<Integer> metricsPort = config.metricsPort().map(p ->
                    await(MetricsServer.start(vertx, metricsRegistry, p), "metrics server on " + MetricsServer.HOST + ":" + p).actualPort());
            log.info("momentum listening on http://{}:{} (started in {} ms)", config.host(), http.port(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            logWhereToStart(config.host(), http.port());
            SecurityNotices.of(config).forEach(notice -> log.warn("open setting: {}", notice));
            return new MomentumServer(vertx, storage, catalog, tracking, reporting, http, metricsPort,
                    RouteTable.of(features).stream().map(Route::endpoint).toList());
        } catch (RuntimeException e) {
            if (reporting != null) {
                reporting.close();
            }
            if (tracking != null) {
                tracking.close();
            }
            catalog.close();
            vertx.close();
            storage.close();
            throw e;
        }
    }

    private static void createDataDir(ServerConfig config) {
        try {
            DataDir.create(config.dataDir());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not create the data directory " + config.dataDir(), e);
        }
    }

    /** The filter goes in before any meter exists: Micrometer applies filters only to meters registered after them. */
    private static PrometheusMeterRegistry prometheusRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(MethodLabel.filter());
        return registry;
    }

    private static Http deployHttp(Vertx vertx, ServerConfig config, ErrorMapper errors, EdgeHandlers edge,
                                  List<Routes> features, java.util.concurrent.atomic.AtomicBoolean stopping) {
        io.momentum.web.AcceptedConnections connections = new io.momentum.web.AcceptedConnections();
        // A negative port makes Vert.x bind one random port shared by every instance.
        int listenPort = config.port() == 0 ? -1 : config.port();
        AtomicInteger actualPort = new AtomicInteger();
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        Future<String> deployed = vertx.deployVerticle(
                () -> new HttpServerVerticle(config.host(), listenPort, errors, edge, features, actualPort::set, connections),
                new DeploymentOptions().setInstances(instances));
        String deployment = await(deployed, "HTTP server on " + config.host() + ":" + config.port());
        return new Http(actualPort.get(), deployment, connections, stopping);
    }

    private static Supplier<Map<String, Object>> readinessDetails(Tracking tracking) {
        // lag: as of the writer's last pass (stale while a long pass runs); waiting: measured every 100 ms
        return () -> Map.of("event_log", Map.of(
                "lag", tracking.writer().lag(), "waiting", tracking.waitingEvents(), "quarantined", tracking.writer().quarantined()));
    }

    private static ReadinessCheck redisCheck(Vertx vertx, Storage storage) {
        return check("redis", () -> Future.fromCompletionStage(storage.redis().ping(), vertx.getOrCreateContext()).mapEmpty());
    }

    private static ReadinessCheck mongoCheck(Vertx vertx, Storage storage) {
        return check("mongodb", () -> vertx.executeBlocking(() -> {
            storage.pingMongo();
            return null;
        }, false));
    }

    private static ReadinessCheck experimentsCheck(YamlExperimentCatalog catalog) {
        return check("experiments", () -> catalog.notReadyReason()
                .<Future<Void>>map(Future::failedFuture)
                .orElseGet(Future::succeededFuture));
    }

    private static ReadinessCheck check(String name, java.util.function.Supplier<Future<Void>> probe) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Future<Void> probe() {
                try {
                    return probe.get();
                } catch (RuntimeException e) {
                    return Future.failedFuture(e);
                }
            }
        };
    }

    public int port() {
        return port;
    }

    /** The loopback port serving {@code /metrics}, when {@code --metrics-port} moved it off the public port. */
    public Optional<Integer> metricsPort() {
        return metricsPort;
    }

    /** Every mounted operation with its declared access (path parameters as {name}), for checking the API description against. */
    public List<Endpoint> routes() {
        return routes;
    }

    public YamlExperimentCatalog catalog() {
        return catalog;
    }

    public Storage storage() {
        return storage;
    }

    public Tracking tracking() {
        return tracking;
    }

    /**
     * Graceful stop, in the order that loses nothing: {@code /ready} says "stopping" and, while connections still
     * arrive, the listener stays open (up to {@link #ACCEPT_QUIET_MAX}) so none is reset in its accept queue; the HTTP servers stop accepting and let in-flight requests
     * finish (Vert.x graceful shutdown, {@code HttpServerVerticle.SHUTDOWN_GRACE}); then the exposures those requests
     * logged are flushed; then the background work stops (the writer finishes its pass); then Vert.x and the stores.
     */
    public void stop() {
        stopping.set(true); // /ready answers 503 from now on: a balancer that polls it stops sending
        try {
            connections.awaitQuiet(ACCEPT_QUIET, ACCEPT_QUIET_MAX);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            await(vertx.undeploy(httpDeployment).recover(e -> {
                log.warn("HTTP shutdown did not finish cleanly: {}", e.toString());
                return Future.succeededFuture();
            }), "HTTP shutdown");
            await(tracking.flushExposures().recover(e -> {
                log.warn("exposures logged by the last requests could not be recorded: {}", e.toString());
                return Future.succeededFuture();
            }), "flushing exposures");
            reporting.close();
            catalog.close();
        } finally {
            tracking.close();
            try {
                await(vertx.close(), "Vert.x shutdown");
            } finally {
                storage.close();
                log.info("momentum stopped");
            }
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not finish within 30 s", e);
        }
    }

    /** The first things a new user needs: where the dashboard and the API document are, and the tag to paste. */
    private static void logWhereToStart(String host, int port) {
        String base = "http://" + (host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host) + ":" + port;
        log.info("dashboard {}/ | API document {}/openapi.yaml | snippet tag to paste into a page's <head>: "
                + "<script src=\"{}/sdk/momentum.js\"></script>", base, base, base);
    }
}
