package io.momentum.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Optional read protection of the dashboard and the read APIs. Without a viewer token everything stays open
 * (the default). With one, a request needs {@code Authorization: Bearer <token>} or HTTP Basic with the token
 * as password (so a browser can prompt for it); the admin token is accepted too. Compared in constant time.
 */
public final class ViewerAuth implements Handler<RoutingContext> {
    /** Paths whose GET answers show experiment definitions or statistics. */
    public static final List<String> PROTECTED = List.of("/", "/experiments/*", "/flywheel", "/v1/experiments",
            "/v1/experiments/*", "/v1/flywheel");

    private final Optional<byte[]> viewer;
    private final Optional<byte[]> admin;

    public ViewerAuth(Optional<String> viewerToken, Optional<String> adminToken) {
        this.viewer = viewerToken.map(ViewerAuth::bytes);
        this.admin = adminToken.map(ViewerAuth::bytes);
    }

    public boolean enabled() {
        return viewer.isPresent();
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!enabled() || presented(ctx.request().getHeader("Authorization")).filter(this::valid).isPresent()) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Momentum dashboard\", charset=\"UTF-8\"");
        ctx.fail(new ApiException(401, "unauthorized", "the dashboard needs the viewer token (Bearer, or as the Basic password)"));
    }

    private boolean valid(byte[] token) {
        boolean isViewer = viewer.map(v -> MessageDigest.isEqual(token, v)).orElse(false);
        boolean isAdmin = admin.map(a -> MessageDigest.isEqual(token, a)).orElse(false);
        return isViewer || isAdmin;
    }

    private static Optional<byte[]> presented(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.startsWith("Bearer ")) {
            return Optional.of(bytes(header.substring(7).trim()));
        }
        if (header.startsWith("Basic ")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
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
