package io.momentum.assign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed QA links: {@code momentum_force=<experiment>:<variant>.<token>} forces a variant only with a token the
 * dashboard issued for that experiment and variant, so a link someone edits cannot force other variants or reveal
 * their unreleased payloads. The token is {@code <expiry, base 36 seconds>.<first 12 bytes of HMAC-SHA256(secret,
 * "q1", experiment, variant, expiry), base64url>}; the secret is the exposure token key (the "q1" line keeps the two
 * kinds of token apart).
 */
public final class QaTokens {
    /** How long a link from the dashboard works: a QA round or a review, not forever. */
    public static final Duration LIFETIME = Duration.ofDays(7);
    private static final int TAG_BYTES = 12;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public QaTokens(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the QA token secret must have at least 16 bytes, had " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The token that forces {@code variant} of {@code experiment} until {@code expires}. */
    public String issue(String experiment, String variant, Instant expires) {
        String expiry = Long.toString(expires.getEpochSecond(), 36);
        return expiry + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(tag(experiment, variant, expiry));
    }

    /** Why {@code token} does not allow forcing this variant at {@code now}; empty when it does. */
    public Optional<String> problem(String token, String experiment, String variant, Instant now) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 13 || token.length() > 40) {
            return Optional.of("the QA token is malformed; copy the link from the dashboard again");
        }
        String expiry = token.substring(0, dot);
        byte[] presented;
        Instant expires;
        try {
            presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            expires = Instant.ofEpochSecond(Long.parseLong(expiry, 36));
        } catch (IllegalArgumentException e) {
            return Optional.of("the QA token is malformed; copy the link from the dashboard again");
        }
        if (!MessageDigest.isEqual(presented, tag(experiment, variant, expiry))) {
            return Optional.of("the QA token was not issued for this experiment and variant");
        }
        if (!now.isBefore(expires)) {
            return Optional.of("the QA link expired at " + expires + "; get a new one from the dashboard");
        }
        return Optional.empty();
    }

    private byte[] tag(String experiment, String variant, String expiry) {
        byte[] message = ("q1\n" + experiment + "\n" + variant + "\n" + expiry).getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(macs.get().doFinal(message), TAG_BYTES);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
