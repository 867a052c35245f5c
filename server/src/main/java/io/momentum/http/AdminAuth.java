package io.momentum.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Guards admin routes with {@code Authorization: Bearer <admin token>}. Without a configured token the
 * admin routes are disabled (404), never open. Tokens are compared in constant time.
 */
public final class AdminAuth implements Handler<RoutingContext> {
    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> tokenDigest;

    public AdminAuth(Optional<String> adminToken) {
        this.tokenDigest = adminToken.filter(t -> !t.isBlank()).map(AdminAuth::sha256);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (tokenDigest.isEmpty()) {
            ctx.fail(new ApiException(404, "not_found", "admin routes are disabled: start the server with --admin-token (MOMENTUM_ADMIN_TOKEN)"));
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            unauthorized(ctx, "this route needs the header Authorization: Bearer <admin token>");
            return;
        }
        // Digests have one length, so the comparison leaks neither content nor length of the token.
        if (!MessageDigest.isEqual(tokenDigest.get(), sha256(header.substring(BEARER.length()).trim()))) {
            unauthorized(ctx, "the admin token is wrong");
            return;
        }
        ctx.next();
    }

    private static void unauthorized(RoutingContext ctx, String message) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        ctx.fail(new ApiException(401, "unauthorized", message));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
