package io.momentum.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes features declare, each with its {@link Access}: {@code table.get("/v1/flywheel", Access.VIEWER, this::flywheel)}.
 * Browser-facing routes add {@code .crossOrigin()} and {@code .rateLimited()}.
 */
public final class RouteTable {
    private final List<Declaration> declared = new ArrayList<>();

    /** Every route of the given features, in declaration order. */
    public static List<Route> of(List<? extends Routes> features) {
        RouteTable table = new RouteTable();
        features.forEach(feature -> feature.declare(table));
        return table.routes();
    }

    public Declaration get(String path, Access access, Handler<RoutingContext> handler) {
        return add(HttpMethod.GET, path, access, handler);
    }

    public Declaration post(String path, Access access, Handler<RoutingContext> handler) {
        return add(HttpMethod.POST, path, access, handler);
    }

    private Declaration add(HttpMethod method, String path, Access access, Handler<RoutingContext> handler) {
        Declaration declaration = new Declaration(method, path, access, handler);
        declared.add(declaration);
        return declaration;
    }

    public List<Route> routes() {
        return declared.stream().map(Declaration::route).toList();
    }

    /** A route being declared; the edge options default to off. */
    public static final class Declaration {
        private final HttpMethod method;
        private final String path;
        private final Access access;
        private final Handler<RoutingContext> handler;
        private boolean crossOrigin;
        private boolean rateLimited;

        private Declaration(HttpMethod method, String path, Access access, Handler<RoutingContext> handler) {
            this.method = method;
            this.path = path;
            this.access = access;
            this.handler = handler;
        }

        /** Callable by browsers on the configured origins (the snippet's calls and files). */
        public Declaration crossOrigin() {
            crossOrigin = true;
            return this;
        }

        /** Limited per client IP: routes every visitor's browser calls, so the ones a flood would hit. */
        public Declaration rateLimited() {
            rateLimited = true;
            return this;
        }

        private Route route() {
            return new Route(method, path, access, crossOrigin, rateLimited, handler);
        }
    }
}
