package io.momentum.web;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The server-to-server ingest key of {@code /v1/events}: a backend that sends {@code Authorization: Bearer <key>}
 * may send {@code source: server} events, which server-only goals count and browsers cannot forge.
 * Compared in constant time, like the other tokens ({@link AccessControl}).
 */
public final class IngestKey {
    private static final String BEARER = "Bearer ";

    private final byte[] key;

    public IngestKey(String key) {
        if (key == null || key.length() < 32) {
            throw new IllegalArgumentException("the ingest key must have at least 32 characters");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * True when the request carries the key; false without an {@code Authorization} header (browsers). A header
     * with another value fails with 401, so a backend with a wrong key learns it at once instead of seeing its
     * server events refused one by one.
     */
    public boolean presentedBy(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null) {
            return false;
        }
        if (header.startsWith(BEARER)
                && MessageDigest.isEqual(header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8), key)) {
            return true;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        throw new WebException(401, "unauthorized", "the Authorization header does not carry the ingest key "
                + "(send Authorization: Bearer <MOMENTUM_INGEST_KEY>, or no Authorization header from browsers)");
    }
}
