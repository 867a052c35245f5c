package io.momentum.web;

import io.momentum.config.AccessPolicy;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What every request passes before a feature sees it: security headers, a processing deadline, then what
 * each {@link Route} declares: CORS for the configured origins, per-IP rate limits, and its {@link Access}.
 * All of it runs before the body is read, so a refused request costs no body buffering.
 */
public final class EdgeHandlers {
    /**
     * A request that takes longer than this is answered instead of holding the connection:
     * 408 when the client has not finished sending its body, 503 when the server is the slow one.
     */
    static final long REQUEST_DEADLINE_MS = 15_000;
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final AccessPolicy policy;
    private final RateLimiter rateLimiter;
    private final AccessControl access;
    private final ClientAddress clients;

    public EdgeHandlers(AccessPolicy policy, AccessControl access) {
        this.policy = policy;
        this.clients = new ClientAddress(policy.trustedProxies());
        this.rateLimiter = new RateLimiter(policy);
        this.access = access;
    }

    /** Mounts the edge in front of the given routes; call before the body handler and the routes' own handlers. */
    public void mount(Router router, List<Route> routes) {
        router.route().handler(this::securityHeaders);
        router.route().handler(this::deadline);
        router.route().handler(clients::resolve);
        // CORS and the rate limit apply per path, every method (the preflight is an OPTIONS), once per path.
        if (!policy.corsOrigins().isEmpty()) {
            Handler<RoutingContext> cors = originGate(corsHandler());
            paths(routes, Route::crossOrigin).forEach(path -> {
                if (!policy.corsOrigins().contains("*")) {
                    router.route(path).handler(EdgeHandlers::varyByOrigin);
                }
                router.route(path).handler(cors);
            });
        }
        paths(routes, Route::rateLimited).forEach(path -> router.route(path).handler(rateLimiter));
        for (Route route : routes) {
            switch (route.access()) {
                case PUBLIC -> { }
                case VIEWER -> {
                    if (access.viewerEnabled()) {
                        router.route(route.method(), route.routerPath()).handler(access.viewer());
                    }
                }
                case ADMIN -> router.route(route.method(), route.routerPath()).handler(access.admin());
            }
        }
    }

    private static Set<String> paths(List<Route> routes, Predicate<Route> which) {
        return routes.stream().filter(which).map(Route::routerPath).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * In front of the CORS handler: a page of the server's own origin is always allowed (browsers send
     * {@code Origin} on same-origin POSTs too), and a refused origin gets a message naming it and the flag.
     * The refusal of a real request (not a preflight) carries {@code Access-Control-Allow-Origin}, so the
     * refused page's snippet can read why and report it; the message is all it can read.
     */
    private Handler<RoutingContext> originGate(CorsHandler cors) {
        boolean any = policy.corsOrigins().contains("*");
        return ctx -> {
            String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
            if (origin == null || isOwnOrigin(origin, ctx.request().authority())) {
                ctx.next();
            } else if (any || policy.corsOrigins().contains(origin)) {
                cors.handle(ctx);
            } else {
                boolean preflight = ctx.request().method() == HttpMethod.OPTIONS;
                if (!preflight) {
                    ctx.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin).putHeader(HttpHeaders.VARY, "Origin");
                }
                ctx.fail(new WebException(403, "forbidden", "origin " + printable(origin) + " is not in --cors-origins; "
                        + "add it there (comma-separated) or serve the page from this server"));
            }
        };
    }

    /** Same scheme-less authority as the request's Host: the page came from this server (or its proxy's name). */
    static boolean isOwnOrigin(String origin, HostAndPort authority) {
        if (authority == null) {
            return false;
        }
        int scheme = origin.indexOf("://");
        String host = scheme < 0 ? origin : origin.substring(scheme + 3);
        String own = authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
        return host.equalsIgnoreCase(own) || (authority.port() <= 0 && host.equalsIgnoreCase(authority.host()));
    }

    private static String printable(String origin) {
        String clean = origin.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
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

    /** The answer echoes the caller's origin (or refuses it): a shared cache must keep one copy per origin. */
    private static void varyByOrigin(RoutingContext ctx) {
        ctx.addHeadersEndHandler(ignored -> {
            String vary = ctx.response().headers().get("Vary");
            if (vary == null) {
                ctx.response().putHeader("Vary", "Origin");
            } else if (!vary.toLowerCase(java.util.Locale.ROOT).contains("origin")) {
                ctx.response().putHeader("Vary", vary + ", Origin");
            }
        });
        ctx.next();
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
            // A page type that sets its own (stricter) policy keeps it; the default covers every other HTML answer.
            if (type != null && type.startsWith("text/html") && !ctx.response().headers().contains("Content-Security-Policy")) {
                ctx.response().putHeader("Content-Security-Policy", CSP);
                ctx.response().putHeader("X-Frame-Options", "DENY");
            }
        });
        ctx.next();
    }
}
