package io.momentum.experiment;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A visitor attribute results can be broken down by ({@code dimensions:} in flywheel.yaml). An experiment counts
 * at most {@code maxValues} distinct values per dimension; later new values count as {@link #OTHER}, and visitors
 * without the attribute as {@link #NONE}, so the segments of a dimension always add up to the totals.
 */
public record Dimension(String name, int maxValues) {
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    public static final int DEFAULT_MAX_VALUES = 50;
    public static final int MAX_MAX_VALUES = 1000;
    public static final String OTHER = "(other)";
    public static final String NONE = "(none)";
    /** Longest value kept; longer ones are cut (a segment label, not an identifier). */
    public static final int MAX_VALUE_LENGTH = 64;

    public static final List<Dimension> DEFAULTS = List.of(new Dimension("channel", DEFAULT_MAX_VALUES),
            new Dimension("device", DEFAULT_MAX_VALUES), new Dimension("visitor_type", DEFAULT_MAX_VALUES),
            new Dimension("country", DEFAULT_MAX_VALUES), new Dimension("utm_campaign", DEFAULT_MAX_VALUES));

    public Dimension {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("dimension names are 1-32 of [a-z0-9_] starting with a letter, was " + name);
        }
        if (maxValues < 1 || maxValues > MAX_MAX_VALUES) {
            throw new IllegalArgumentException("max_values must be 1 to " + MAX_MAX_VALUES + ", was " + maxValues);
        }
    }

    /** The segment an attribute value counts in: trimmed, cut, '|' replaced (it separates counter fields); missing is (none). */
    public static String segmentOf(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String trimmed = value.trim();
        String cut = trimmed.length() > MAX_VALUE_LENGTH ? trimmed.substring(0, MAX_VALUE_LENGTH) : trimmed;
        // A loop, not a regex: this runs for every dimension of every exposure (see AssignCaptureBenchmark).
        char[] chars = null;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c == '|' || c < 0x20 || c == 0x7f) { // what \p{Cntrl} matches
                chars = chars == null ? cut.toCharArray() : chars;
                chars[i] = '_';
            }
        }
        return chars == null ? cut : new String(chars);
    }
}
