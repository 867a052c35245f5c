package io.momentum.web;

import io.momentum.config.Cidr;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * The address a request came from, for the rate limiter and the minted-visitor counters: the peer's address,
 * or, when the peer is a trusted proxy ({@code --trusted-proxies}), the nearest address in
 * {@code X-Forwarded-For} that is not one. A header from anyone else is ignored: it is trivially forged.
 */
public final class ClientAddress {
    private static final String KEY = "momentum.client-address";
    private static final String UNKNOWN = "unknown";

    private final List<Cidr> trustedProxies;

    public ClientAddress(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** The edge's handler: works the address out once and keeps it on the request. */
    void resolve(RoutingContext ctx) {
        ctx.put(KEY, of(peer(ctx), ctx.request().getHeader("X-Forwarded-For")));
        ctx.next();
    }

    /** The client address the edge resolved for this request (the peer's when the edge did not run). */
    public static String of(RoutingContext ctx) {
        String resolved = ctx.get(KEY);
        return resolved != null ? resolved : peer(ctx);
    }

    String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !trusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (Cidr.literal(hop).isEmpty()) {
                return client; // garbage in the chain: stop at the last address we can vouch for
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        Optional<byte[]> bytes = Cidr.literal(address);
        return bytes.isPresent() && trustedProxies.stream().anyMatch(block -> block.contains(bytes.get()));
    }

    private static String peer(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? UNKNOWN : ctx.request().remoteAddress().hostAddress();
    }
}
