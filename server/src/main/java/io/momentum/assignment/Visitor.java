package io.momentum.assignment;

import java.util.Map;
import java.util.Optional;

/**
 * What targeting knows about one visitor in one request: the id, the page path (if the caller sent a
 * URL), attributes as strings, and the device class.
 *
 * @param path   the page path, see {@link UrlGlob#pathOf(String)}; empty when no URL was given
 * @param device from the {@code device} attribute when it names one, else from the User-Agent
 */
public record Visitor(String id, Optional<String> path, Map<String, String> attributes, Optional<DeviceType> device) {
    /** The attribute that names the device explicitly ({@code desktop}, {@code mobile}, {@code tablet}). */
    public static final String DEVICE_ATTRIBUTE = "device";

    /** Longest visitor id, in characters (code points). */
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_ATTRIBUTES = 50;
    public static final int MAX_ATTRIBUTE_NAME_LENGTH = 64;
    public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 512;

    /** Validates the id and the attributes; the messages are meant for the API caller. */
    public Visitor {
        requireValidId(id);
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("at most " + MAX_ATTRIBUTES + " attributes are allowed, got " + attributes.size());
        }
        attributes.forEach(Visitor::requireValidAttribute);
        attributes = Map.copyOf(attributes);
    }

    /**
     * 1 to 128 printable characters: no control characters, line separators, invisible format characters (bidi
     * overrides such as U+202E) or broken surrogate pairs. The one rule for visitor ids on every route: Redis
     * would store a broken pair as {@code ?} and merge distinct ids.
     */
    public static void requireValidId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("visitor id is required (1 to " + MAX_ID_LENGTH + " printable characters)");
        }
        int length = id.codePointCount(0, id.length());
        if (length > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("visitor id must have at most " + MAX_ID_LENGTH + " characters, had " + length);
        }
        unprintable(id).ifPresent(problem -> {
            throw new IllegalArgumentException("visitor id must contain only printable characters, found " + problem);
        });
    }

    /** The first character of {@code text} that is not printable ("U+202E at position 3"), if any. */
    public static Optional<String> unprintable(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE || type == Character.FORMAT) {
                return Optional.of(String.format("U+%04X at position %d", c, i));
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    private static void requireValidAttribute(String name, String value) {
        if (name.isEmpty() || name.length() > MAX_ATTRIBUTE_NAME_LENGTH) {
            throw new IllegalArgumentException("attribute names must have 1 to " + MAX_ATTRIBUTE_NAME_LENGTH
                    + " characters, got one with " + name.length());
        }
        if (value.length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
            throw new IllegalArgumentException("attribute " + name + " must have at most " + MAX_ATTRIBUTE_VALUE_LENGTH
                    + " characters, had " + value.length());
        }
    }

    /** Derives path and device once per request; {@code url} and {@code userAgent} may be null. */
    public static Visitor of(String id, String url, Map<String, String> attributes, String userAgent) {
        Optional<DeviceType> device = DeviceType.fromName(attributes.get(DEVICE_ATTRIBUTE))
                .or(() -> DeviceType.fromUserAgent(userAgent));
        Optional<String> path = url == null || url.isBlank() ? Optional.empty() : Optional.of(UrlGlob.pathOf(url.trim()));
        return new Visitor(id, path, attributes, device);
    }
}
