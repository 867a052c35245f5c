package io.momentum.assignment;

import java.util.ArrayList;
import java.util.List;

/** A QA request to show {@code variant} of {@code experiment}, from {@code momentum_force=exp:variant}. */
public record ForcedVariant(String experiment, String variant) {

    /** Most forced variants read from one request; further ones are ignored and reported. */
    public static final int MAX_FORCES = 20;

    /** A force that was not applied, and the reason. */
    public record Ignored(String force, String reason) {
    }

    /** Well-formed forces, and the malformed ones with the reason they were ignored. */
    public record Parsed(List<ForcedVariant> forces, List<Ignored> malformed) {
        public static final Parsed NONE = new Parsed(List.of(), List.of());
    }

    /**
     * Parses {@code exp:variant[,exp2:variant2...]}; blank entries are skipped, malformed ones reported. Reading
     * stops at the limit: whatever follows is reported as one summary entry, so a huge list cannot make a huge answer.
     */
    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return Parsed.NONE;
        }
        List<ForcedVariant> forces = new ArrayList<>();
        List<Ignored> malformed = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? text.length() : comma;
            String trimmed = text.substring(start, end).trim();
            start = end + 1;
            if (trimmed.isEmpty()) {
                continue;
            }
            if (forces.size() + malformed.size() >= MAX_FORCES) {
                malformed.add(new Ignored(abbreviate(trimmed) + (comma < 0 ? "" : ",..."),
                        "at most " + MAX_FORCES + " forced variants per request; this entry and the rest were ignored"));
                break;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                malformed.add(new Ignored(abbreviate(trimmed), "expected experiment:variant"));
            } else {
                forces.add(new ForcedVariant(trimmed.substring(0, colon).trim(), trimmed.substring(colon + 1).trim()));
            }
        }
        return new Parsed(List.copyOf(forces), List.copyOf(malformed));
    }

    public String text() {
        return experiment + ":" + variant;
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
