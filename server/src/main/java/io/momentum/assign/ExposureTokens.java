package io.momentum.assign;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Short signed tokens that prove the server assigned a visitor a variant: {@code /v1/assign} issues one per
 * bucketed assignment, and a client-sent exposure counts only with a valid one. Without it, anyone could send
 * exposures for ids they minted and steer the results. A {@link SignedTokens} token of kind "x1" over experiment,
 * visitor and variant at the issue time, about 23 characters.
 */
public final class ExposureTokens {
    /** Oldest token accepted: covers a cached assignment plus the snippet's retries of an unsent batch. */
    public static final Duration MAX_AGE = Duration.ofHours(48);
    /** Clock skew tolerated between servers of one installation. */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private final SignedTokens signed;

    public ExposureTokens(byte[] secret) {
        this.signed = new SignedTokens("x1", secret, "exposure token");
    }

    /** The token for showing {@code variant} of {@code experiment} to {@code visitor}, issued at {@code at}. */
    public String issue(String experiment, String visitor, String variant, Instant at) {
        return signed.issue(at, experiment, visitor, variant);
    }

    /** Why {@code token} does not prove this assignment at {@code now}; empty when it does. */
    public Optional<String> problem(String token, String experiment, String visitor, String variant, Instant now) {
        Optional<Instant> at = signed.time(token);
        if (at.isEmpty()) {
            return Optional.of("the exposure token is malformed");
        }
        if (!signed.signs(token, experiment, visitor, variant)) {
            return Optional.of("the exposure token was not issued for this experiment, visitor and variant");
        }
        if (at.get().isBefore(now.minus(MAX_AGE)) || at.get().isAfter(now.plus(MAX_FUTURE))) {
            return Optional.of("the exposure token has expired; assign again");
        }
        return Optional.empty();
    }
}
