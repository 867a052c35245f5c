package io.momentum.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards admin routes with {@code Authorization: Bearer <MOMENTUM_ADMIN_TOKEN>} (constant-time comparison);
 * without a configured token every admin route answers 403.
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
            ctx.fail(new ApiException(403, "forbidden", "admin routes are disabled: no admin token is configured (MOMENTUM_ADMIN_TOKEN)"));
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        byte[] given = header != null && header.startsWith(BEARER)
                ? header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token.get(), given)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            ctx.fail(new ApiException(401, "unauthorized", "admin route: send Authorization: Bearer <admin token>"));
            return;
        }
        ctx.next();
    }
}
