package io.momentum.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The HTTP front door: body limits, every feature's routes, JSON errors for everything else.
 * Deployed once per event loop; all instances share the port.
 */
public final class HttpServerVerticle extends VerticleBase {
    /** Largest request body accepted anywhere (the events batch limit is enforced separately). */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final String host;
    private final int port;
    private final ErrorHandler errors;
    private final EdgeHandlers edge;
    private final List<Routes> features;
    private final IntConsumer onListening;
    private HttpServer server;

    public HttpServerVerticle(String host, int port, ErrorHandler errors, EdgeHandlers edge, List<Routes> features,
                              IntConsumer onListening) {
        this.host = host;
        this.port = port;
        this.errors = errors;
        this.edge = edge;
        this.features = List.copyOf(features);
        this.onListening = onListening;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        edge.mount(router);
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        features.forEach(feature -> feature.mount(router));
        router.errorHandler(404, errors::notFound);
        router.errorHandler(405, errors::methodNotAllowed);
        router.route().failureHandler(errors::failure);

        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(host)
                .setMaxHeaderSize(16 * 1024)
                .setMaxInitialLineLength(8 * 1024)
                .setIdleTimeout(60)
                .setCompressionSupported(true));
        return server.requestHandler(router).listen(port).onSuccess(s -> onListening.accept(s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
