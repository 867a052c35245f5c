package io.momentum.experiment;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the allowed name closest to a misspelt one (Levenshtein distance, case-insensitive). */
final class DidYouMean {
    private DidYouMean() {
    }

    /** The closest candidate, if it is close enough to be a plausible typo. */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        String needle = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(needle, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // A third of the word may be wrong ("wieght", "stge"); beyond that the guess confuses more than it helps.
        int tolerated = Math.max(1, Math.min(needle.length(), best == null ? 0 : best.length()) / 3);
        return best != null && bestDistance <= tolerated ? Optional.of(best) : Optional.empty();
    }

    /** A ready-made sentence ending, e.g. {@code ; did you mean "weight"?}, or an empty string. */
    static String hint(String typed, Collection<String> candidates) {
        return closest(typed, candidates).map(s -> "; did you mean \"" + s + "\"?").orElse("");
    }

    static int distance(String a, String b) {
        if (a.length() > 100 || b.length() > 100) {
            return Integer.MAX_VALUE; // long garbage is never a typo of a field name
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
