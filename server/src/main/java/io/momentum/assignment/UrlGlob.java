package io.momentum.assignment;

import java.util.List;

/**
 * A compiled glob on a page path: {@code *} stands for any characters (including {@code /}), every
 * other character is literal and case-sensitive. Matching is a scan over literal pieces, no regex,
 * so a pattern costs nothing to evaluate per request and cannot backtrack badly.
 */
public final class UrlGlob {
    private final String pattern;
    private final List<String> pieces;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;

    private UrlGlob(String pattern, List<String> pieces, boolean anchoredStart, boolean anchoredEnd) {
        this.pattern = pattern;
        this.pieces = pieces;
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
    }

    public static UrlGlob compile(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("URL pattern must not be empty");
        }
        List<String> pieces = List.of(pattern.split("\\*+", -1)).stream().filter(p -> !p.isEmpty()).toList();
        return new UrlGlob(pattern, pieces, !pattern.startsWith("*"), !pattern.endsWith("*"));
    }

    public boolean matches(String path) {
        if (pieces.isEmpty()) {
            return true;
        }
        int from = 0;
        int last = pieces.size() - 1;
        for (int i = 0; i <= last; i++) {
            String piece = pieces.get(i);
            if (i == 0 && anchoredStart) {
                if (!path.startsWith(piece)) {
                    return false;
                }
                from = piece.length();
            } else if (i == last && anchoredEnd) {
                return path.length() - piece.length() >= from && path.endsWith(piece);
            } else {
                int at = path.indexOf(piece, from);
                if (at < 0) {
                    return false;
                }
                from = at + piece.length();
            }
        }
        return !anchoredEnd || from == path.length();
    }

    /**
     * The path of a page address: {@code https://host/a/b?q#f} and {@code /a/b?q} both give {@code /a/b};
     * an address without a path gives {@code /}.
     */
    public static String pathOf(String url) {
        int start = 0;
        int scheme = url.indexOf("://");
        int authority = url.startsWith("//") ? 2 : scheme > 0 && url.lastIndexOf('/', scheme) < 0 ? scheme + 3 : -1;
        if (authority >= 0) {
            start = url.length();
            for (int i = authority; i < url.length(); i++) {
                char c = url.charAt(i);
                if (c == '/' || c == '?' || c == '#') {
                    start = i;
                    break;
                }
            }
        }
        int end = url.length();
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String path = url.substring(start, end);
        return path.startsWith("/") ? path : "/" + path;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
