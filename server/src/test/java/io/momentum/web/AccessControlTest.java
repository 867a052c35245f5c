package io.momentum.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.TestHttp;
import io.momentum.web.AccessControl;
import io.momentum.web.ApiJson;
import io.momentum.web.ErrorMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccessControlTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private int serve(Optional<String> token) throws Exception {
        ApiJson json = new ApiJson();
        Router router = Router.router(vertx);
        router.get("/v1/admin/ping").handler(new AccessControl(Optional.empty(), token).admin()).handler(ctx -> json.write(ctx, 200, "pong"));
        router.route().failureHandler(new ErrorMapper(json)::failure);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private HttpResponse<String> ping(int port, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/admin/ping")).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return new TestHttp(port).send(request);
    }

    @Test
    void isDisabledWithoutAConfiguredToken() throws Exception {
        HttpResponse<String> response = ping(serve(Optional.empty()), "Bearer anything");
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("admin_disabled"), response.body());
    }

    @Test
    void asksForABearerTokenWhenNoneIsSent() throws Exception {
        HttpResponse<String> response = ping(serve(Optional.of("s3cret-token")), null);
        assertEquals(401, response.statusCode());
        assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void refusesAWrongToken() throws Exception {
        assertEquals(403, ping(serve(Optional.of("s3cret-token")), "Bearer s3cret-tokeN").statusCode());
    }

    @Test
    void letsTheRightTokenThrough() throws Exception {
        HttpResponse<String> response = ping(serve(Optional.of("s3cret-token")), "Bearer s3cret-token");
        assertEquals(200, response.statusCode());
        assertEquals("\"pong\"", response.body());
    }
}
