package io.momentum.assignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A QA request to show {@code variant} of {@code experiment}, from {@code momentum_force=exp:variant} or a signed
 * link's {@code momentum_force=exp:variant.<QA token>} (variant keys have no dot).
 *
 * @param qaToken the token of a signed link, if the entry carried one
 * @param signed  the token was checked and holds for this experiment and variant (set by the caller that checks it:
 *                the core computes no signatures)
 */
public record ForcedVariant(String experiment, String variant, Optional<String> qaToken, boolean signed) {

    /** A plain, unsigned force. */
    public ForcedVariant(String experiment, String variant) {
        this(experiment, variant, Optional.empty(), false);
    }

    /** The same force, its token checked and found good. */
    public ForcedVariant verified() {
        return new ForcedVariant(experiment, variant, qaToken, true);
    }

    /** Most forced variants read from one request; further ones are ignored and reported. */
    public static final int MAX_FORCES = 20;

    /** A force that was not applied, and the reason. */
    public record Ignored(String force, String reason) {
    }

    /** Well-formed forces, and the malformed ones with the reason they were ignored. */
    public record Parsed(List<ForcedVariant> forces, List<Ignored> malformed) {
        public static final Parsed NONE = new Parsed(List.of(), List.of());

        public Parsed {
            forces = List.copyOf(forces);
            malformed = List.copyOf(malformed);
        }

        /**
         * Each force with a token checked by {@code problemOfToken}: kept as verified when it has no problem, else moved
         * to {@code malformed} with the problem (a bad token is reported, never silently downgraded to a plain force).
         */
        public Parsed checked(Function<ForcedVariant, Optional<String>> problemOfToken) {
            List<ForcedVariant> kept = new ArrayList<>();
            List<Ignored> ignored = new ArrayList<>(malformed);
            for (ForcedVariant force : forces) {
                if (force.qaToken().isEmpty()) {
                    kept.add(force);
                    continue;
                }
                Optional<String> problem = problemOfToken.apply(force);
                if (problem.isPresent()) {
                    ignored.add(new Ignored(force.text(), problem.get()));
                } else {
                    kept.add(force.verified());
                }
            }
            return new Parsed(kept, ignored);
        }
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
                String variant = trimmed.substring(colon + 1).trim();
                int dot = variant.indexOf('.');
                forces.add(dot < 0 ? new ForcedVariant(trimmed.substring(0, colon).trim(), variant)
                        : new ForcedVariant(trimmed.substring(0, colon).trim(), variant.substring(0, dot),
                        Optional.of(variant.substring(dot + 1)), false));
            }
        }
        return new Parsed(List.copyOf(forces), List.copyOf(malformed));
    }

    /** How the force is reported back: without its token, which the caller already has. */
    public String text() {
        return experiment + ":" + variant;
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
