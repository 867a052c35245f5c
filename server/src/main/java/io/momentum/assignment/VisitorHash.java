package io.momentum.assignment;

import io.momentum.experiment.Layer;
import java.util.OptionalDouble;

/**
 * GrowthBook-compatible hashing of visitor ids into {@code [0, 1)}: FNV-1a 32-bit over UTF-16 code
 * units, hash version 1 ({@code fnv(value + seed) % 1000 / 1000}, used for layers like GrowthBook's
 * namespaces) and version 2 ({@code fnv(str(fnv(seed + value))) % 10000 / 10000}, used for buckets).
 * A changed algorithm must become a new version; these numbers never change.
 */
public final class VisitorHash {
    static final int FNV_OFFSET = 0x811c9dc5;
    static final int FNV_PRIME = 16777619;

    private VisitorHash() {
    }

    /** FNV-1a 32-bit of the UTF-16 code units of {@code text}, as an unsigned value. */
    public static long fnv1a32(String text) {
        return Integer.toUnsignedLong(continueFnv(FNV_OFFSET, text));
    }

    /** The hash of {@code value} with {@code seed} in the given version, empty for an unknown version. */
    public static OptionalDouble hash(String seed, String value, int version) {
        return switch (version) {
            case 1 -> OptionalDouble.of(v1(seed, value));
            case 2 -> OptionalDouble.of(v2(seed, value));
            default -> OptionalDouble.empty();
        };
    }

    /** Hash version 1: {@code fnv1a32(value + seed) % 1000 / 1000}. */
    public static double v1(String seed, String value) {
        return v1FromState(continueFnv(FNV_OFFSET, value), seed);
    }

    /** Hash version 2: {@code fnv1a32(str(fnv1a32(seed + value))) % 10000 / 10000}. */
    public static double v2(String seed, String value) {
        return v2FromSeedState(continueFnv(FNV_OFFSET, seed), value);
    }

    /**
     * GrowthBook's {@code inNamespace}: the visitor is in the layer slot when the version-1 hash seeded
     * with {@code "__" + layer name} falls in {@code [start, end)}.
     */
    public static boolean inLayer(String visitorId, Layer layer) {
        double n = v1("__" + layer.name(), visitorId);
        return n >= layer.start() && n < layer.end();
    }

    /** FNV state after {@code seed}: hashing {@code seed + value} then only needs the value's characters. */
    static int seedState(String seed) {
        return continueFnv(FNV_OFFSET, seed);
    }

    /** Version 2 from a precomputed {@link #seedState(String)}; allocates nothing. */
    static double v2FromSeedState(int seedState, String value) {
        long first = Integer.toUnsignedLong(continueFnv(seedState, value));
        long second = Integer.toUnsignedLong(fnvOfDecimal(first));
        return (second % 10000) / 10000.0;
    }

    /** Version 1 of {@code value + suffix} where {@code valueState} is the FNV state after the value. */
    static double v1FromState(int valueState, String suffix) {
        long h = Integer.toUnsignedLong(continueFnv(valueState, suffix));
        return (h % 1000) / 1000.0;
    }

    static int continueFnv(int state, String text) {
        int h = state;
        for (int i = 0, n = text.length(); i < n; i++) {
            h ^= text.charAt(i);
            h *= FNV_PRIME;
        }
        return h;
    }

    /**
     * FNV-1a of the decimal digits of an unsigned 32-bit value, without building the string: digits are
     * taken least significant first (division by the constant 10 is cheap) into 4-bit slots of a long.
     */
    private static int fnvOfDecimal(long value) {
        long packed = 0;
        int count = 0;
        long rest = value;
        do {
            long quotient = rest / 10;
            packed |= (rest - quotient * 10) << (4 * count);
            count++;
            rest = quotient;
        } while (rest > 0);
        int h = FNV_OFFSET;
        for (int i = count - 1; i >= 0; i--) {
            h ^= '0' + (int) ((packed >>> (4 * i)) & 0xF);
            h *= FNV_PRIME;
        }
        return h;
    }
}
