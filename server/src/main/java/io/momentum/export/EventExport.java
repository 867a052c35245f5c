package io.momentum.export;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads an experiment's events from the durable event log, one page at a time in (time, id) order; the
 * tracking feature implements it on MongoDB. Blocking: call it from a worker thread.
 */
public interface EventExport {

    /** Where the page after the one {@code query} asks for starts; empty when that page is the last. */
    Optional<Cursor> next(Query query);

    /** Hands the events of one page to {@code sink} in order, as they are read (never the whole page at once). */
    void stream(Query query, Consumer<Map<String, Object>> sink);

    /**
     * Which events: the experiment's own (exposure, survey, referral) and the conversions on its goals.
     *
     * @param from  inclusive
     * @param to    exclusive
     * @param after where to resume (inclusive), if paging
     */
    record Query(String experiment, Set<String> goals, Instant from, Instant to, Optional<Cursor> after, int limit) {
    }

    /** The first event of a page: its time and id (ids are unique, so the pair orders every event). */
    record Cursor(long atMillis, String id) {
        /** Opaque to clients: "<millis>.<id>" in URL-safe base64. */
        public String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((atMillis + "." + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        public static Optional<Cursor> decode(String text) {
            try {
                String plain = new String(java.util.Base64.getUrlDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8);
                int dot = plain.indexOf('.');
                return dot <= 0 ? Optional.empty() : Optional.of(new Cursor(Long.parseLong(plain.substring(0, dot)), plain.substring(dot + 1)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
