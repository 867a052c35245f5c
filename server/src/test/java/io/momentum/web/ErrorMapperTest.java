package io.momentum.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.TestHttp;
import io.momentum.domain.BacklogFullException;
import io.momentum.domain.DomainException;
import io.momentum.domain.InvalidInputException;
import io.momentum.domain.StoreUnavailableException;
import io.momentum.domain.UnknownExperimentException;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A service's domain exception becomes its status and the one JSON envelope, mapped only here. */
class ErrorMapperTest {
    private static final Map<String, DomainException> FAILURES = Map.of(
            "/unknown", new UnknownExperimentException("no-such-test"),
            "/backlog", new BacklogFullException("the event backlog is full"),
            "/redis", new StoreUnavailableException("event storage (Redis) is unavailable"),
            "/invalid", new InvalidInputException("invalid_events", "every event of the batch was rejected", List.of("first")));

    private Vertx vertx;
    private TestHttp http;

    @BeforeEach
    void serveFailures() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        FAILURES.forEach((path, failure) -> router.get(path).handler(ctx -> ctx.fail(failure)));
        router.route().failureHandler(new ErrorMapper(new ApiJson())::failure);
        int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        http = new TestHttp(port);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void unknownExperimentIsA404WithTheQuotedId() {
        HttpResponse<String> response = http.get("/unknown");
        assertEquals(404, response.statusCode());
        assertEquals("{\"error\":{\"code\":\"not_found\",\"message\":\"no experiment with id \\\"no-such-test\\\"\",\"details\":[]}}",
                response.body());
    }

    @Test
    void aFullBacklogAndAStoreOutageAre503Unavailable() {
        for (String path : List.of("/backlog", "/redis")) {
            HttpResponse<String> response = http.get(path);
            assertEquals(503, response.statusCode(), path);
            assertEquals("unavailable", code(response), path);
        }
    }

    @Test
    void invalidInputIsA400WithItsCodeAndDetails() {
        HttpResponse<String> response = http.get("/invalid");
        assertEquals(400, response.statusCode());
        assertEquals("{\"error\":{\"code\":\"invalid_events\",\"message\":\"every event of the batch was rejected\",\"details\":[\"first\"]}}",
                response.body());
    }

    @Test
    void everyReasonHasAStatus() {
        for (DomainException.Reason reason : DomainException.Reason.values()) {
            int status = ErrorMapper.status(reason);
            assertTrue(status >= 400 && status < 600, reason + " -> " + status);
        }
    }

    private static String code(HttpResponse<String> response) {
        return response.body().replaceFirst(".*\"code\":\"([^\"]+)\".*", "$1");
    }
}
