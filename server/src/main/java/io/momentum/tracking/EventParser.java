package io.momentum.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import io.momentum.segments.TrafficSource;
import io.momentum.assignment.Visitor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Validates one item of an events batch into a {@link TrackedEvent}; each item on its own, so one bad
 * item never spoils the others. Unknown fields are ignored (newer snippets may send more).
 */
public final class EventParser {
    /** Largest number of events in one batch. */
    public static final int MAX_EVENTS_PER_BATCH = 500;
    /**
     * Largest conversion value and largest per-visitor total per goal, in minor units (900,000.00):
     * squares of totals stay below 2^53, where the Lua scripts' doubles are exact integers.
     */
    public static final long MAX_VALUE_MINOR = 90_000_000L;
    /** Client timestamps older than this or further in the future than {@link #MAX_FUTURE} are replaced by server time. */
    public static final Duration MAX_PAST = Duration.ofHours(24);
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private static final Pattern EXPERIMENT_ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final int MAX_CHOICE_LENGTH = 64;
    private static final String SERVER = "server";
    private static final String BROWSER = "browser";
    private static final int MAX_ATTRIBUTES = 50;
    private static final int MAX_ATTRIBUTE_LENGTH = 512;

    private final Clock clock;
    private final Supplier<String> ids;

    public EventParser(Clock clock, Supplier<String> ids) {
        this.clock = clock;
        this.ids = ids;
    }

    /** A batch item that cannot be accepted; the message says which field and why. */
    public static final class InvalidEvent extends RuntimeException {
        InvalidEvent(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses an item of a batch without the ingest key: {@code source: server} is refused. */
    public TrackedEvent parse(JsonNode item) {
        return parse(item, false);
    }

    /**
     * Parses an item; {@code withIngestKey} says the batch came with the ingest key, so its items may say
     * {@code "source": "server"} (they count for server-only goals, and exposures need no token).
     */
    public TrackedEvent parse(JsonNode item, boolean withIngestKey) {
        if (item == null || !item.isObject()) {
            throw new InvalidEvent("an event must be a JSON object");
        }
        String typeName = requiredString(item, "type");
        EventType type = EventType.fromWire(typeName).orElseThrow(() ->
                new InvalidEvent("type must be one of exposure, conversion, survey, referral; was \"" + printable(typeName) + "\""));
        String visitor = visitor(requiredString(item, "visitor"));
        String id = optionalString(item, "id").map(v -> checked("id", v, EVENT_ID, "1-64 of [A-Za-z0-9_.:-]")).orElseGet(ids);
        Instant at = timestamp(item.get("timestamp"));
        // The code comes from a landing URL anyone can edit: a malformed one is dropped, the event is kept.
        Optional<String> referrer = optionalString(item, "ref").filter(code -> EVENT_ID.matcher(code).matches());
        TrackedEvent event = event(item, type, id, visitor, at).withReferrer(referrer);
        return serverSent(item, withIngestKey) ? event.asServerSent() : event;
    }

    /** True for {@code "source": "server"} with the ingest key; a browser claiming it is refused, not downgraded. */
    private static boolean serverSent(JsonNode item, boolean withIngestKey) {
        Optional<String> source = optionalString(item, "source");
        if (source.isEmpty() || source.get().equals(BROWSER)) {
            return false;
        }
        if (!source.get().equals(SERVER)) {
            throw new InvalidEvent("source must be server or browser, was \"" + printable(source.get()) + "\"");
        }
        if (!withIngestKey) {
            throw new InvalidEvent("source server needs the ingest key: send the batch from your backend with "
                    + "Authorization: Bearer <MOMENTUM_INGEST_KEY>");
        }
        return true;
    }

    private TrackedEvent event(JsonNode item, EventType type, String id, String visitor, Instant at) {
        return switch (type) {
            case EXPOSURE -> new TrackedEvent(id, type, visitor, Optional.of(experiment(item)), Optional.empty(),
                    0, OptionalInt.empty(), Optional.empty(), at, Optional.empty(), attributes(item.get("attributes")))
                    .withToken(optionalString(item, "token"));
            case REFERRAL -> new TrackedEvent(id, type, visitor, Optional.of(experiment(item)), Optional.empty(),
                    0, OptionalInt.empty(), Optional.empty(), at, Optional.empty());
            case CONVERSION -> new TrackedEvent(id, type, visitor, Optional.empty(),
                    Optional.of(matching(item, "goal", EVENT_NAME, "1-64 of [A-Za-z0-9_.:-]")),
                    valueMinor(item.get("value")), OptionalInt.empty(), Optional.empty(), at, Optional.empty());
            case SURVEY -> survey(item, id, visitor, at);
        };
    }

    private TrackedEvent survey(JsonNode item, String id, String visitor, Instant at) {
        String experiment = experiment(item);
        OptionalInt score = score(item.get("score"));
        Optional<String> choice = optionalString(item, "choice");
        if (choice.isPresent() && (choice.get().isEmpty() || choice.get().length() > MAX_CHOICE_LENGTH
                || Visitor.unprintable(choice.get()).isPresent())) {
            throw new InvalidEvent("choice must be 1-" + MAX_CHOICE_LENGTH + " printable characters");
        }
        if (score.isEmpty() && choice.isEmpty()) {
            throw new InvalidEvent("a survey event needs a score (0-10) or a choice");
        }
        return new TrackedEvent(id, EventType.SURVEY, visitor, Optional.of(experiment), Optional.empty(), 0, score, choice, at,
                Optional.empty());
    }

    /** The assign route's rule ({@link Visitor#requireValidId}), so both routes accept exactly the same ids. */
    private static String visitor(String id) {
        try {
            Visitor.requireValidId(id);
            return id;
        } catch (IllegalArgumentException e) {
            throw new InvalidEvent(e.getMessage());
        }
    }

    private static String experiment(JsonNode item) {
        return matching(item, "experiment", EXPERIMENT_ID, "an experiment id (1-64 of [a-z0-9-])");
    }

    /**
     * An exposure's visitor attributes (as on /v1/assign; channel, visitor_type and device are derived from the raw
     * utm_*, referrer and visits). An attribute with a bad name or a value that is not a short string, number or
     * boolean is left out rather than refusing the exposure: the page's own attributes travel with it, and losing
     * the exposure would cost more than losing one segment value.
     */
    private static Map<String, String> attributes(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, String> attributes = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode value = e.getValue();
            if (attributes.size() < MAX_ATTRIBUTES && EVENT_NAME.matcher(e.getKey()).matches()
                    && (value.isTextual() || value.isNumber() || value.isBoolean()) && value.asText().length() <= MAX_ATTRIBUTE_LENGTH) {
                attributes.put(e.getKey(), value.asText());
            }
        }
        return TrafficSource.derive(attributes, null, null);
    }

    private static OptionalInt score(JsonNode node) {
        if (node == null || node.isNull()) {
            return OptionalInt.empty();
        }
        if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > 10) {
            throw new InvalidEvent("score must be an integer from 0 to 10");
        }
        return OptionalInt.of(node.asInt());
    }

    private static long valueMinor(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw new InvalidEvent("value must be a number (a decimal amount such as 49.90)");
        }
        BigDecimal amount = node.decimalValue();
        if (amount.signum() < 0) {
            throw new InvalidEvent("value must be >= 0, was " + amount.toPlainString());
        }
        BigDecimal minor = amount.movePointRight(2).setScale(0, RoundingMode.HALF_UP);
        if (minor.compareTo(BigDecimal.valueOf(MAX_VALUE_MINOR)) > 0) {
            throw new InvalidEvent("value must be at most " + BigDecimal.valueOf(MAX_VALUE_MINOR, 2).toPlainString());
        }
        return minor.longValueExact();
    }

    private Instant timestamp(JsonNode node) {
        Instant now = clock.instant();
        if (node == null || node.isNull()) {
            return now;
        }
        Instant claimed;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            claimed = Instant.ofEpochMilli(node.asLong());
        } else if (node.isTextual()) {
            try {
                claimed = Instant.parse(node.asText());
            } catch (DateTimeParseException e) {
                throw new InvalidEvent("timestamp must be ISO-8601 (2026-11-23T10:15:30Z) or epoch milliseconds");
            }
        } else {
            throw new InvalidEvent("timestamp must be ISO-8601 (2026-11-23T10:15:30Z) or epoch milliseconds");
        }
        boolean plausible = !claimed.isBefore(now.minus(MAX_PAST)) && !claimed.isAfter(now.plus(MAX_FUTURE));
        return plausible ? claimed : now;
    }

    private static String requiredString(JsonNode item, String field) {
        return optionalString(item, field).orElseThrow(() -> new InvalidEvent(field + " is required"));
    }

    private static Optional<String> optionalString(JsonNode item, String field) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new InvalidEvent(field + " must be a string, was " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return Optional.of(node.asText());
    }

    private static String matching(JsonNode item, String field, Pattern pattern, String expected) {
        return checked(field, requiredString(item, field), pattern, expected);
    }

    private static String checked(String field, String value, Pattern pattern, String expected) {
        if (!pattern.matcher(value).matches()) {
            throw new InvalidEvent(field + " must be " + expected + ", was \"" + printable(value) + "\"");
        }
        return value;
    }

    /** Echo client input safely: short and printable. */
    private static String printable(String value) {
        String clean = value.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
