package io.momentum.web;

import io.momentum.domain.InvalidInputException;

/** Query parameters several routes read the same way. */
public final class QueryParameters {
    private QueryParameters() {
    }

    /** {@code ?limit=}: {@code defaultLimit} when absent, else a whole number from 1 to {@code maxLimit} (400 otherwise). */
    public static int limit(String text, int defaultLimit, int maxLimit) {
        if (text == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the message below says what is allowed
        }
        throw new InvalidInputException("limit must be a whole number from 1 to " + maxLimit);
    }
}
