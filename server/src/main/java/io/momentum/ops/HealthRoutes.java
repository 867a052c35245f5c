package io.momentum.ops;

import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /health} (alive), {@code /ready} (stores and experiments answer, plus details such as the event log's
 * lag and quarantine, which never make the server not ready) and {@code /metrics}, unless the metrics have their own
 * loopback port ({@link MetricsServer}).
 */
public final class HealthRoutes implements Routes {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final ApiJson json;
    private final List<ReadinessCheck> checks;
    private final String metricsRegistry;
    private final boolean metricsHere;
    private final Supplier<Map<String, Object>> details;

    public HealthRoutes(ApiJson json, List<ReadinessCheck> checks, String metricsRegistry, boolean metricsHere,
                        Supplier<Map<String, Object>> details) {
        this.json = json;
        this.details = details;
        this.checks = List.copyOf(checks);
        this.metricsRegistry = metricsRegistry;
        this.metricsHere = metricsHere;
    }

    @Override
    public void declare(RouteTable table) {
        table.get("/health", Access.PUBLIC, this::health);
        table.get("/ready", Access.PUBLIC, this::ready);
        if (metricsHere) {
            table.get("/metrics", Access.PUBLIC, PrometheusScrapingHandler.create(metricsRegistry));
        }
    }

    private void health(RoutingContext ctx) {
        json.write(ctx, 200, Map.of("status", "up"));
    }

    private void ready(RoutingContext ctx) {
        List<Future<Void>> probes = checks.stream()
                .map(c -> c.probe().timeout(PROBE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                .toList();
        Future.join(probes).onComplete(ignored -> {
            Map<String, String> status = new LinkedHashMap<>();
            boolean allReady = true;
            for (int i = 0; i < checks.size(); i++) {
                Future<Void> probe = probes.get(i);
                boolean ok = probe.succeeded();
                allReady &= ok;
                status.put(checks.get(i).name(), ok ? "ok" : String.valueOf(probe.cause().getMessage()));
            }
            json.write(ctx, allReady ? 200 : 503, Map.of("status", allReady ? "ready" : "not_ready", "checks", status,
                    "details", details.get()));
        });
    }
}
