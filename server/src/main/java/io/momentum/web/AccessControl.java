package io.momentum.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * The token checks behind {@link Access}, compared in constant time.
 * <ul>
 * <li>{@link #admin()}: {@code Authorization: Bearer <admin token>}; without a configured token admin routes
 * are disabled, never open.</li>
 * <li>{@link #viewer()}: without a viewer token everything stays open (the default). With one, a request needs
 * {@code Authorization: Bearer <token>} or HTTP Basic with the token as password (so a browser can prompt
 * for it); the admin token is accepted too.</li>
 * </ul>
 */
public final class AccessControl {
    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";

    private final Optional<byte[]> viewer;
    private final Optional<byte[]> admin;

    public AccessControl(Optional<String> viewerToken, Optional<String> adminToken) {
        this.viewer = viewerToken.map(AccessControl::bytes);
        this.admin = adminToken.map(AccessControl::bytes);
    }

    /** True when read routes need a token. */
    public boolean viewerEnabled() {
        return viewer.isPresent();
    }

    public Handler<RoutingContext> admin() {
        return this::checkAdmin;
    }

    public Handler<RoutingContext> viewer() {
        return this::checkViewer;
    }

    private void checkAdmin(RoutingContext ctx) {
        if (admin.isEmpty()) {
            ctx.fail(new WebException(403, "admin_disabled",
                    "admin routes are disabled: start the server with MOMENTUM_ADMIN_TOKEN to enable them"));
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.startsWith(BEARER)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            ctx.fail(new WebException(401, "unauthorized", "admin routes need an Authorization: Bearer <token> header"));
            return;
        }
        if (!MessageDigest.isEqual(bytes(header.substring(BEARER.length()).trim()), admin.get())) {
            ctx.fail(new WebException(403, "forbidden", "the admin token is not valid"));
            return;
        }
        ctx.next();
    }

    private void checkViewer(RoutingContext ctx) {
        if (!viewerEnabled() || presented(ctx.request().getHeader("Authorization")).filter(this::validViewer).isPresent()) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Momentum dashboard\", charset=\"UTF-8\"");
        ctx.fail(new WebException(401, "unauthorized", "the dashboard needs the viewer token (Bearer, or as the Basic password)"));
    }

    private boolean validViewer(byte[] token) {
        boolean isViewer = viewer.map(v -> MessageDigest.isEqual(token, v)).orElse(false);
        boolean isAdmin = admin.map(a -> MessageDigest.isEqual(token, a)).orElse(false);
        return isViewer || isAdmin;
    }

    private static Optional<byte[]> presented(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.startsWith(BEARER)) {
            return Optional.of(bytes(header.substring(BEARER.length()).trim()));
        }
        if (header.startsWith(BASIC)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? Optional.empty() : Optional.of(bytes(decoded.substring(colon + 1)));
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static byte[] bytes(String token) {
        return token.getBytes(StandardCharsets.UTF_8);
    }
}
