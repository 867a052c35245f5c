package io.momentum.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.TestHttp;
import io.momentum.web.ApiJson;
import io.momentum.web.ErrorMapper;
import io.momentum.web.RouteTable;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SdkRoutesTest {
    private static final String SNIPPET = "(()=>{window.momentum={}})();";

    private Vertx vertx;
    private TestHttp http;
    private int port;

    @BeforeEach
    void serveOnlyTheCoreFile() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        RouteTable.of(List.of(new SdkRoutes(Map.of("momentum.js", SNIPPET.getBytes(StandardCharsets.UTF_8)))))
                .forEach(route -> router.route(route.method(), route.routerPath()).handler(route.handler()));
        ErrorMapper errors = new ErrorMapper(new ApiJson());
        router.errorHandler(404, errors::notFound);
        router.route().failureHandler(errors::failure);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
        http = new TestHttp(port);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void servesTheSnippetAsJavaScriptWithCacheHeaders() {
        HttpResponse<String> response = http.get("/sdk/momentum.js");
        assertEquals(200, response.statusCode());
        assertEquals(SNIPPET, response.body());
        assertEquals("application/javascript; charset=utf-8", response.headers().firstValue("content-type").orElse(""));
        assertEquals("public, max-age=300", response.headers().firstValue("cache-control").orElse(""));
        assertTrue(response.headers().firstValue("etag").orElse("").matches("\"[0-9a-f]{24}\""));
    }

    @Test
    void answersNotModifiedForAMatchingEtag() {
        String etag = http.get("/sdk/momentum.js").headers().firstValue("etag").orElseThrow();
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sdk/momentum.js"))
                .header("If-None-Match", etag).GET());
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
    }

    @Test
    void aFileThatWasNotBuiltIsAJson404() {
        HttpResponse<String> response = http.get("/sdk/momentum-widgets.js");
        assertEquals(404, response.statusCode());
        assertTrue(response.body().startsWith("{\"error\":{\"code\":\"not_found\""), response.body());
    }

    @Test
    void onlyTheSnippetFilesAreServed() {
        assertEquals(404, http.get("/sdk/..%2Fpom.xml").statusCode());
        assertEquals(404, http.get("/sdk/logback.xml").statusCode());
    }
}
