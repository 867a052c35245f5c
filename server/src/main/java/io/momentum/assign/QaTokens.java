package io.momentum.assign;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Signed QA links: {@code momentum_force=<experiment>:<variant>.<token>} forces a variant only with a token the
 * dashboard issued for that experiment and variant, so a link someone edits cannot force other variants or reveal
 * their unreleased payloads. A {@link SignedTokens} token of kind "q1" over experiment and variant at the expiry
 * time; the secret is the exposure token key (the kind keeps the two uses apart).
 */
public final class QaTokens {
    /** How long a link from the dashboard works: a QA round or a review, not forever. */
    public static final Duration LIFETIME = Duration.ofDays(7);
    private static final String MALFORMED = "the QA token is malformed; copy the link from the dashboard again";

    private final SignedTokens signed;

    public QaTokens(byte[] secret) {
        this.signed = new SignedTokens("q1", secret, "QA token");
    }

    /** The token that forces {@code variant} of {@code experiment} until {@code expires}. */
    public String issue(String experiment, String variant, Instant expires) {
        return signed.issue(expires, experiment, variant);
    }

    /** Why {@code token} does not allow forcing this variant at {@code now}; empty when it does. */
    public Optional<String> problem(String token, String experiment, String variant, Instant now) {
        Optional<Instant> expires = signed.time(token);
        if (expires.isEmpty()) {
            return Optional.of(MALFORMED);
        }
        if (!signed.signs(token, experiment, variant)) {
            return Optional.of("the QA token was not issued for this experiment and variant");
        }
        if (!now.isBefore(expires.get())) {
            return Optional.of("the QA link expired at " + expires.get() + "; get a new one from the dashboard");
        }
        return Optional.empty();
    }
}
