package io.momentum.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * One declared route: the kernel applies its access, CORS and rate limit before the handler runs.
 *
 * @param path        template with {@code {param}} placeholders, as in the OpenAPI document
 * @param crossOrigin browsers on the configured origins may call it (CORS)
 * @param rateLimited per-client-IP token bucket ({@link RateLimiter})
 */
public record Route(HttpMethod method, String path, Access access, boolean crossOrigin, boolean rateLimited,
                    Handler<RoutingContext> handler) {
    public Route {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with /, was " + path);
        }
    }

    /** The path in Vert.x syntax ({@code :param}). */
    public String routerPath() {
        return path.replaceAll("\\{(\\w+)}", ":$1");
    }

    public Endpoint endpoint() {
        return new Endpoint(method.name(), path, access);
    }
}
