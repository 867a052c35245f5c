package io.momentum.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards admin routes with {@code Authorization: Bearer <token>}, compared in constant time.
 * Without a configured token admin routes are disabled, never open.
 */
public final class AdminAuth implements Handler<RoutingContext> {
    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> token;

    public AdminAuth(Optional<String> token) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (token.isEmpty()) {
            ctx.fail(new ApiException(403, "admin_disabled",
                    "admin routes are disabled: start the server with MOMENTUM_ADMIN_TOKEN to enable them"));
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.startsWith(BEARER)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            ctx.fail(new ApiException(401, "unauthorized", "admin routes need an Authorization: Bearer <token> header"));
            return;
        }
        byte[] presented = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token.get())) {
            ctx.fail(new ApiException(403, "forbidden", "the admin token is not valid"));
            return;
        }
        ctx.next();
    }
}
