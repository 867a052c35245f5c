package io.momentum.assign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Short signed tokens that prove the server assigned a visitor a variant: {@code /v1/assign} issues one per
 * bucketed assignment, and a client-sent exposure counts only with a valid one. Without it, anyone could send
 * exposures for ids they minted and steer the results. The token is {@code <issue time, base 36 seconds>.<first
 * 12 bytes of HMAC-SHA256(secret, experiment, visitor, variant, issue time), base64url>}, about 23 characters.
 */
public final class ExposureTokens {
    /** Oldest token accepted: covers a cached assignment plus the snippet's retries of an unsent batch. */
    public static final Duration MAX_AGE = Duration.ofHours(48);
    /** Clock skew tolerated between servers of one installation. */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    private static final int TAG_BYTES = 12;

    private static final int BLOCK_BYTES = 64;
    private static final String DIGEST = "SHA-256";

    private final byte[] innerPad;
    private final byte[] outerPad;
    /** SHA-256 states that have absorbed the padded key (RFC 2104): each tag clones them, saving 2 of 4 compressions. */
    private final ThreadLocal<MessageDigest[]> keyed;

    public ExposureTokens(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the exposure token secret must have at least 16 bytes, had " + secret.length);
        }
        byte[] key = Arrays.copyOf(secret.length > BLOCK_BYTES ? newDigest().digest(secret) : secret, BLOCK_BYTES);
        this.innerPad = new byte[BLOCK_BYTES];
        this.outerPad = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_BYTES; i++) {
            innerPad[i] = (byte) (key[i] ^ 0x36);
            outerPad[i] = (byte) (key[i] ^ 0x5c);
        }
        this.keyed = ThreadLocal.withInitial(this::keyedDigests);
    }

    /** The token for showing {@code variant} of {@code experiment} to {@code visitor}, issued at {@code at}. */
    public String issue(String experiment, String visitor, String variant, Instant at) {
        String issued = Long.toString(at.getEpochSecond(), 36);
        return issued + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(tag(experiment, visitor, variant, issued));
    }

    /** Why {@code token} does not prove this assignment at {@code now}; empty when it does. */
    public Optional<String> problem(String token, String experiment, String visitor, String variant, Instant now) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 13 || token.length() > 40) {
            return Optional.of("the exposure token is malformed");
        }
        String issued = token.substring(0, dot);
        byte[] presented;
        Instant at;
        try {
            presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            at = Instant.ofEpochSecond(Long.parseLong(issued, 36));
        } catch (IllegalArgumentException e) {
            return Optional.of("the exposure token is malformed");
        }
        if (!MessageDigest.isEqual(presented, tag(experiment, visitor, variant, issued))) {
            return Optional.of("the exposure token was not issued for this experiment, visitor and variant");
        }
        if (at.isBefore(now.minus(MAX_AGE)) || at.isAfter(now.plus(MAX_FUTURE))) {
            return Optional.of("the exposure token has expired; assign again");
        }
        return Optional.empty();
    }

    /** The first {@link #TAG_BYTES} bytes of HMAC-SHA256 (the same bytes as {@code Mac "HmacSHA256"}; the test checks it). */
    private byte[] tag(String experiment, String visitor, String variant, String issued) {
        byte[] message = ("x1\n" + experiment + "\n" + visitor + "\n" + variant + "\n" + issued).getBytes(StandardCharsets.UTF_8);
        MessageDigest[] states = keyed.get();
        MessageDigest inner = copy(states[0]);
        byte[] innerHash = inner.digest(message);
        MessageDigest outer = copy(states[1]);
        return Arrays.copyOf(outer.digest(innerHash), TAG_BYTES);
    }

    private MessageDigest[] keyedDigests() {
        MessageDigest inner = newDigest();
        inner.update(innerPad);
        MessageDigest outer = newDigest();
        outer.update(outerPad);
        return new MessageDigest[] {inner, outer};
    }

    private static MessageDigest copy(MessageDigest state) {
        try {
            return (MessageDigest) state.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 implementation cannot be cloned", e);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(DIGEST);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
