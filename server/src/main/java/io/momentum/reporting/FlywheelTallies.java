package io.momentum.reporting;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The flywheel's additive daily counters per segment: the sum of every visitor's {@link VisitorContribution}. The
 * report is computed from these alone, so a rollup that keeps them (plus the contributions of the visitors active
 * since) gives exactly what the raw log gives. Segment {@link #ALL} counts every visitor; {@code dimension=value}
 * the visitors with that value.
 */
public final class FlywheelTallies {
    /** The segment of all visitors. */
    public static final String ALL = "";

    private final Map<String, NavigableMap<Long, Map<String, Long>>> segments = new HashMap<>();

    /** The segment key of a dimension's value. */
    public static String segment(String dimension, String value) {
        return dimension + "=" + value;
    }

    /** The segments one visitor counts in: all, and their value of every dimension (what the rollup keeps). */
    public static Set<String> allKeys(VisitorContribution c) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(ALL);
        c.segments().forEach((d, v) -> keys.add(segment(d, v)));
        return keys;
    }

    /** The segments one visitor counts in for a report: all, and with {@code dimension} their value of it. */
    public static Set<String> keys(VisitorContribution c, Optional<String> dimension) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(ALL);
        dimension.map(d -> c.segments().get(d)).ifPresent(v -> keys.add(segment(dimension.get(), v)));
        return keys;
    }

    public void add(String segment, long day, String field, long amount) {
        if (amount == 0) {
            return;
        }
        Map<String, Long> fields = segments.computeIfAbsent(segment, s -> new TreeMap<>()).computeIfAbsent(day, d -> new HashMap<>());
        long sum = fields.merge(field, amount, Long::sum);
        if (sum == 0) {
            fields.remove(field);
        }
    }

    /** Adds ({@code sign} 1) or takes away ({@code sign} -1) a visitor's contribution in each of {@code keys}. */
    public void add(VisitorContribution c, long sign, Collection<String> keys) {
        for (String key : keys) {
            for (VisitorContribution.Entry e : c.entries()) {
                add(key, e.day(), e.field(), sign * e.amount());
            }
        }
    }

    /** The days of one segment (empty if nobody counted in it), each with its fields. */
    public NavigableMap<Long, Map<String, Long>> days(String segment) {
        return segments.getOrDefault(segment, new TreeMap<>());
    }

    public Set<String> segmentKeys() {
        return segments.keySet();
    }
}
