package io.momentum.http;

import io.momentum.config.AccessPolicy;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.util.Set;

/**
 * What every request passes before a feature sees it: security headers, a processing deadline,
 * CORS for the configured origins on public routes, and per-IP rate limits.
 */
public final class EdgeHandlers {
    /** A request that takes longer than this is answered 503 instead of holding the connection. */
    static final long REQUEST_DEADLINE_MS = 15_000;
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Set<String> PUBLIC_ROUTES = Set.of("/v1/assign", "/v1/events");

    private final AccessPolicy policy;
    private final RateLimiter rateLimiter;

    public EdgeHandlers(AccessPolicy policy) {
        this.policy = policy;
        this.rateLimiter = new RateLimiter(policy);
    }

    public void mount(Router router) {
        router.route().handler(this::securityHeaders);
        router.route().handler(TimeoutHandler.create(REQUEST_DEADLINE_MS, 503));
        if (!policy.corsOrigins().isEmpty()) {
            CorsHandler cors = corsHandler();
            PUBLIC_ROUTES.forEach(path -> router.route(path).handler(cors));
            router.route("/sdk/*").handler(cors);
        }
        PUBLIC_ROUTES.forEach(path -> router.route(path).handler(rateLimiter));
    }

    private CorsHandler corsHandler() {
        CorsHandler cors = CorsHandler.create()
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS))
                .allowedHeaders(Set.of("content-type"))
                .maxAgeSeconds(600);
        if (policy.corsOrigins().contains("*")) {
            return cors.addOrigin("*");
        }
        return cors.addOrigins(policy.corsOrigins());
    }

    private void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("X-Content-Type-Options", "nosniff");
        ctx.response().putHeader("Referrer-Policy", "no-referrer");
        ctx.addHeadersEndHandler(ignored -> {
            String type = ctx.response().headers().get("content-type");
            if (type != null && type.startsWith("text/html")) {
                ctx.response().putHeader("Content-Security-Policy", CSP);
                ctx.response().putHeader("X-Frame-Options", "DENY");
            }
        });
        ctx.next();
    }
}
