package io.momentum.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.momentum.config.AccessPolicy;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Per-client-IP token buckets on the routes declared {@link RouteTable.Declaration#rateLimited()}; over the limit answers 429 with Retry-After. */
public final class RateLimiter implements Handler<RoutingContext> {
    /** Bounds memory under a flood of distinct addresses; idle clients are forgotten. */
    private static final int MAX_TRACKED_CLIENTS = 100_000;

    private final AccessPolicy policy;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(MAX_TRACKED_CLIENTS)
            .expireAfterAccess(Duration.ofMinutes(5))
            .build();

    public RateLimiter(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!policy.rateLimited()) {
            ctx.next();
            return;
        }
        String client = ClientAddress.of(ctx);
        ConsumptionProbe probe = buckets.get(client, ignored -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            ctx.next();
            return;
        }
        long retryAfterSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
        ctx.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
        ctx.fail(new WebException(429, "rate_limited",
                "too many requests from this address; retry after " + retryAfterSeconds + " s"));
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(Math.max(policy.burst(), policy.requestsPerSecond()))
                        .refillGreedy(policy.requestsPerSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
    }
}
