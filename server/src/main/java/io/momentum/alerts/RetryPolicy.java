package io.momentum.alerts;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Bounded exponential backoff with jitter: attempt k waits {@code first * 2^(k-1)} (at most {@code longest}), scaled by
 * a random factor in [0.5, 1) so that servers retrying one receiver spread out; after {@code attempts} attempts the
 * delivery has failed.
 *
 * @param random numbers in [0, 1), injected so tests are deterministic
 */
public record RetryPolicy(Duration first, Duration longest, int attempts, DoubleSupplier random) {
    /** About 1, 2, 4, ... 60 minutes: a receiver down for a few hours still gets the alert. */
    public static RetryPolicy standard(DoubleSupplier random) {
        return new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), 10, random);
    }

    public RetryPolicy {
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0 || attempts < 1) {
            throw new IllegalArgumentException("retry policy needs 0 < first <= longest and attempts >= 1, was " + first + ", " + longest
                    + ", " + attempts);
        }
    }

    /** The wait after the {@code attempt}-th failed attempt (1-based); empty when it was the last one. */
    public Optional<Duration> after(int attempt) {
        if (attempt >= attempts) {
            return Optional.empty();
        }
        long base = first.toMillis() << Math.min(attempt - 1, 30);
        long capped = Math.min(base <= 0 ? Long.MAX_VALUE : base, longest.toMillis());
        return Optional.of(Duration.ofMillis((long) (capped * (0.5 + 0.5 * random.getAsDouble()))));
    }
}
