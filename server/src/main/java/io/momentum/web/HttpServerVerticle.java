package io.momentum.web;

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
 * The HTTP front door: the edge (headers, deadline, each route's CORS, rate limit and access), body limits,
 * every feature's routes, JSON errors for everything else. Deployed once per event loop; all instances share the port.
 */
public final class HttpServerVerticle extends VerticleBase {
    /** Largest request body accepted anywhere (the events batch limit is enforced separately). */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    /** Largest request header block; above it the answer is 431. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Longest request line (method, path and query); above it the answer is 414. */
    public static final int MAX_INITIAL_LINE_BYTES = 8 * 1024;
    /**
     * A connection on which the server has written nothing for this long is closed. This is what stops
     * slowloris clients: one that dribbles a byte at a time is never read-idle, but it never gets an answer
     * either. It is longer than the request deadline, so every accepted request is answered first.
     */
    public static final int SILENT_CONNECTION_SECONDS = 20;
    /**
     * How long a graceful shutdown lets in-flight requests finish: longer than the request deadline, so every
     * accepted request is answered (at worst with the deadline's 503) before its connection closes.
     */
    static final Duration SHUTDOWN_GRACE = Duration.ofMillis(EdgeHandlers.REQUEST_DEADLINE_MS + 5_000);

    private final String host;
    private final int port;
    private final ErrorMapper errors;
    private final EdgeHandlers edge;
    private final List<Route> routes;
    private final IntConsumer onListening;
    private final InvalidRequestHandler invalidRequests;
    private final AcceptedConnections connections;
    private HttpServer server;

    public HttpServerVerticle(String host, int port, ErrorMapper errors, EdgeHandlers edge, List<? extends Routes> features,
                              IntConsumer onListening) {
        this(host, port, errors, edge, features, onListening, new AcceptedConnections());
    }

    /** With {@code connections} told of every accepted connection (the graceful stop waits for them to settle). */
    public HttpServerVerticle(String host, int port, ErrorMapper errors, EdgeHandlers edge, List<? extends Routes> features,
                              IntConsumer onListening, AcceptedConnections connections) {
        this.connections = connections;
        this.host = host;
        this.port = port;
        this.errors = errors;
        this.edge = edge;
        this.routes = RouteTable.of(features);
        this.onListening = onListening;
        this.invalidRequests = new InvalidRequestHandler(errors.json());
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        edge.mount(router, routes);
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        routes.forEach(route -> router.route(route.method(), route.routerPath()).handler(route.handler()));
        router.errorHandler(404, errors::notFound);
        router.errorHandler(405, errors::methodNotAllowed);
        router.route().failureHandler(errors::failure);

        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(host)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
                .setIdleTimeout(60)
                .setWriteIdleTimeout(SILENT_CONNECTION_SECONDS)
                .setCompressionSupported(true)
                // No cleartext HTTP/2 upgrade: browsers never use it, and behind a proxy it is a request-smuggling
                // vector (h2c smuggling) that bypasses the proxy's rules. HTTP/2 belongs on TLS at the edge.
                .setHttp2ClearTextEnabled(false));
        return server
                .connectionHandler(connection -> connections.accepted())
                .invalidRequestHandler(invalidRequests)
                .requestHandler(invalidRequests.inFrontOf(router))
                .listen(port, host).onSuccess(s -> onListening.accept(s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
