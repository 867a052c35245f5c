package io.momentum.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * {@code /metrics} on its own port of the loopback interface ({@code --metrics-port}): a scraper on the same host
 * (or a sidecar) reads it, the public port does not serve it, so nobody outside learns routes, rates or JVM details.
 */
public final class MetricsServer {
    public static final String HOST = "127.0.0.1";

    private MetricsServer() {
    }

    /** Listens on {@link #HOST}:{@code port} (0 picks a free one) and returns the server once bound. */
    public static Future<HttpServer> start(Vertx vertx, String metricsRegistry, int port) {
        Router router = Router.router(vertx);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(metricsRegistry));
        return vertx.createHttpServer().requestHandler(router).listen(port, HOST);
    }
}
