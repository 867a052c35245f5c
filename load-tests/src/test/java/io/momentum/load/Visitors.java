package io.momentum.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reproducible synthetic visitors: the n-th visitor of a seed always has the same id and attributes,
 * and {@link #uniform} turns (visitor, purpose) into the same number in [0, 1) on every run, so a
 * simulation's outcomes are computable rather than random.
 */
public final class Visitors {
    static final List<String> COUNTRIES = List.of("US", "US", "US", "CA", "GB", "DE", "FR", "BR", "IN", "JP");
    static final List<String> DEVICES = List.of("desktop", "desktop", "mobile", "mobile", "tablet");
    static final List<String> PLANS = List.of("free", "free", "trial", "pro", "enterprise");
    static final List<String> URLS = List.of("/", "/pricing", "/pricing", "/features", "/signup", "/app/dashboard",
            "/app/settings", "/blog/flywheel", "/referral");

    private Visitors() {
    }

    /** An endless feeder of visitors {@code <prefix>-<n>} with attributes drawn by hash, thread-safe. */
    public static Iterator<Map<String, Object>> feeder(String prefix) {
        AtomicLong next = new AtomicLong();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                return visitor(prefix + "-" + next.incrementAndGet());
            }
        };
    }

    /** The attributes of one visitor: country, device, plan and the page they are on. */
    public static Map<String, Object> visitor(String id) {
        return Map.of(
                "visitor", id,
                "country", pick(COUNTRIES, id, "country"),
                "device", pick(DEVICES, id, "device"),
                "plan", pick(PLANS, id, "plan"),
                "url", pick(URLS, id, "url"));
    }

    /** A number in [0, 1) fixed by the visitor and the purpose (SHA-256, independent of the server's FNV bucketing). */
    public static double uniform(String visitorId, String purpose) {
        byte[] digest = sha256(visitorId + "|" + purpose);
        long bits = 0;
        for (int i = 0; i < 7; i++) {
            bits = (bits << 8) | (digest[i] & 0xff);
        }
        return (bits >>> 3) / (double) (1L << 53);
    }

    private static <T> T pick(List<T> values, String visitorId, String purpose) {
        return values.get((int) (uniform(visitorId, purpose) * values.size()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
