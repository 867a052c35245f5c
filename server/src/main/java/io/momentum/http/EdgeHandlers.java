package io.momentum.http;

import io.momentum.config.AccessPolicy;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every request passes before a feature sees it: security headers, a processing deadline,
 * CORS for the configured origins on public routes, and per-IP rate limits.
 */
public final class EdgeHandlers {
    /**
     * A request that takes longer than this is answered instead of holding the connection:
     * 408 when the client has not finished sending its body, 503 when the server is the slow one.
     */
    static final long REQUEST_DEADLINE_MS = 15_000;
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Set<String> PUBLIC_ROUTES = Set.of("/v1/assign", "/v1/events");

    private final AccessPolicy policy;
    private final RateLimiter rateLimiter;
    private final ViewerAuth viewers;

    public EdgeHandlers(AccessPolicy policy) {
        this(policy, new ViewerAuth(java.util.Optional.empty(), java.util.Optional.empty()));
    }

    public EdgeHandlers(AccessPolicy policy, ViewerAuth viewers) {
        this.policy = policy;
        this.rateLimiter = new RateLimiter(policy);
        this.viewers = viewers;
    }

    public void mount(Router router) {
        router.route().handler(this::securityHeaders);
        router.route().handler(this::deadline);
        if (!policy.corsOrigins().isEmpty()) {
            CorsHandler cors = corsHandler();
            PUBLIC_ROUTES.forEach(path -> router.route(path).handler(cors));
            router.route("/sdk/*").handler(cors);
        }
        PUBLIC_ROUTES.forEach(path -> router.route(path).handler(rateLimiter));
        if (viewers.enabled()) {
            ViewerAuth.PROTECTED.forEach(path -> router.get(path).handler(viewers));
        }
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

    private void deadline(RoutingContext ctx) {
        AtomicBoolean bodyUnfinished = new AtomicBoolean();
        long timer = ctx.vertx().setTimer(REQUEST_DEADLINE_MS, ignored -> {
            if (!ctx.response().headWritten()) {
                bodyUnfinished.set(!ctx.request().isEnded());
                ctx.fail(bodyUnfinished.get() ? 408 : 503);
            }
        });
        ctx.addEndHandler(ignored -> {
            ctx.vertx().cancelTimer(timer);
            // The rest of an unfinished body would be read as the next request: drop the connection.
            if (bodyUnfinished.get()) {
                ctx.request().connection().close();
            }
        });
        ctx.next();
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
