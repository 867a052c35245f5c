package io.momentum.ops;

import io.momentum.web.Access;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.yaml}: the OpenAPI 3.1 description of every route, from the classpath. */
public final class OpenApiRoutes implements Routes {
    public static final String RESOURCE = "/openapi.yaml";

    private final Buffer document;

    public OpenApiRoutes() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            this.document = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void declare(RouteTable table) {
        table.get(RESOURCE, Access.PUBLIC, this::serve);
    }

    private void serve(RoutingContext ctx) {
        ctx.response()
                .putHeader("content-type", "application/yaml; charset=utf-8")
                .putHeader("cache-control", "public, max-age=300")
                .end(document);
    }
}
