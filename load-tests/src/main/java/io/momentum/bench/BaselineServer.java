package io.momentum.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ceiling of the ratio benchmark: bare Vert.x with one route that answers {@code GET /v1/assign} with a
 * fixed JSON body of a given size, deployed on as many event loops as Momentum deploys its HTTP verticle.
 *
 * <p>{@code java -cp server/target/momentum.jar:load-tests/target/classes io.momentum.bench.BaselineServer
 * [port (0 = free)] [body bytes]} prints {@code listening on http://127.0.0.1:PORT} once ready.
 */
public final class BaselineServer extends VerticleBase {
    private final Buffer body;
    private final int port;
    private final AtomicInteger actualPort;
    private HttpServer server;

    BaselineServer(Buffer body, int port, AtomicInteger actualPort) {
        this.body = body;
        this.port = port;
        this.actualPort = actualPort;
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int bodyBytes = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Buffer body = Buffer.buffer(fixedJson(bodyBytes));
        AtomicInteger actualPort = new AtomicInteger();
        // Same as MomentumServer: one verticle per core, all sharing the port (a negative port = one random port).
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new BaselineServer(body, port == 0 ? -1 : port, actualPort),
                        new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.printf("{\"message\":\"baseline listening on http://127.0.0.1:%d (%d event loops, %d-byte body, started in %d ms)\"}%n",
                actualPort.get(), instances, body.length(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        Runtime.getRuntime().addShutdownHook(new Thread(vertx::close, "baseline-shutdown"));
    }

    /** A JSON document shaped like an assign response, padded to exactly {@code bytes} bytes. */
    static String fixedJson(int bytes) {
        String head = "{\"visitor\":\"v-123\",\"assignments\":[{\"experiment\":\"pricing-hero\",\"stage\":\"activation\","
                + "\"kind\":\"landing_page\",\"variant\":\"benefit\",\"payload\":{\"headline\":\"";
        String tail = "\"}}]}";
        int padding = Math.max(0, bytes - head.length() - tail.length());
        return head + "x".repeat(padding) + tail;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/v1/assign").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .end(body));
        server = vertx.createHttpServer();
        return server.requestHandler(router).listen(port, "127.0.0.1").onSuccess(s -> actualPort.set(s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
