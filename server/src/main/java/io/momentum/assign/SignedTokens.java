package io.momentum.assign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The token format exposure tokens and QA links share: {@code <time, base 36 seconds>.<first 12 bytes of
 * HMAC-SHA256(secret, kind, fields..., time), base64url>}, at most 40 characters. The kind line keeps the tokens of
 * one use from being accepted for another. HMAC is computed from SHA-256 states that absorbed the padded key once
 * (RFC 2104), the same bytes as {@code javax.crypto.Mac "HmacSHA256"} with 2 of 4 compressions saved per token.
 */
final class SignedTokens {
    private static final int TAG_BYTES = 12;
    private static final int MAX_LENGTH = 40;
    private static final int MAX_TIME_DIGITS = 13;
    private static final int BLOCK_BYTES = 64;
    private static final String DIGEST = "SHA-256";

    private final String kind;
    private final byte[] innerPad;
    private final byte[] outerPad;
    private final ThreadLocal<MessageDigest[]> keyed;

    /** @param what names the secret in the error for a short one ("exposure token", "QA token") */
    SignedTokens(String kind, byte[] secret, String what) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the " + what + " secret must have at least 16 bytes, had " + secret.length);
        }
        this.kind = kind;
        byte[] key = Arrays.copyOf(secret.length > BLOCK_BYTES ? newDigest().digest(secret) : secret, BLOCK_BYTES);
        this.innerPad = new byte[BLOCK_BYTES];
        this.outerPad = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_BYTES; i++) {
            innerPad[i] = (byte) (key[i] ^ 0x36);
            outerPad[i] = (byte) (key[i] ^ 0x5c);
        }
        this.keyed = ThreadLocal.withInitial(this::keyedDigests);
    }

    /** The token signing {@code fields} at {@code time} (whole seconds). */
    String issue(Instant time, String... fields) {
        String seconds = Long.toString(time.getEpochSecond(), 36);
        return seconds + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(tag(seconds, fields));
    }

    /** The time a well-formed token carries, signed or not; empty when it is malformed. */
    Optional<Instant> time(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > MAX_TIME_DIGITS || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            Base64.getUrlDecoder().decode(token.substring(dot + 1));
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(token.substring(0, dot), 36)));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Whether a well-formed {@code token} was issued for exactly these fields (compared in constant time). */
    boolean signs(String token, String... fields) {
        int dot = token.indexOf('.');
        byte[] presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        return MessageDigest.isEqual(presented, tag(token.substring(0, dot), fields));
    }

    private byte[] tag(String seconds, String... fields) {
        StringBuilder message = new StringBuilder(kind);
        for (String field : fields) {
            message.append('\n').append(field);
        }
        message.append('\n').append(seconds);
        MessageDigest[] states = keyed.get();
        byte[] innerHash = copy(states[0]).digest(message.toString().getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(copy(states[1]).digest(innerHash), TAG_BYTES);
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
