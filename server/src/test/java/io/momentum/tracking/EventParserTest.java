package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventParser parser = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC), () -> "server-made-id");

    private TrackedEvent parse(String json) throws Exception {
        return parser.parse(JSON.readTree(json));
    }

    @ParameterizedTest(name = "value {0} -> {1} minor units")
    @CsvSource({"0, 0", "49.90, 4990", "49.9, 4990", "0.005, 1", "0.004, 0", "1e2, 10000", "900000, 90000000"})
    void keepsValuesAsRoundedMinorUnits(String value, long minor) throws Exception {
        assertEquals(minor, parse("{\"type\":\"conversion\",\"visitor\":\"v\",\"goal\":\"buy\",\"value\":" + value + "}").valueMinor());
    }

    @ParameterizedTest(name = "timestamp {0} -> {1}")
    @CsvSource({
            "'\"2026-11-23T11:00:00Z\"', 2026-11-23T11:00:00Z",
            "1795431600000, 2026-11-23T11:00:00Z",
            "1763895600000, 2026-11-23T12:00:00Z",
            "'\"2026-11-22T11:59:59Z\"', 2026-11-23T12:00:00Z",
            "'\"2026-11-23T12:04:59Z\"', 2026-11-23T12:04:59Z",
            "'\"2026-11-23T12:05:01Z\"', 2026-11-23T12:00:00Z",
            "null, 2026-11-23T12:00:00Z"})
    void acceptsClientTimestampsOnlyInsideTheWindow(String timestamp, String expected) throws Exception {
        Instant at = parse("{\"type\":\"conversion\",\"visitor\":\"v\",\"goal\":\"buy\",\"timestamp\":" + timestamp + "}").at();
        assertEquals(Instant.parse(expected), at);
    }

    @Test
    void makesAnIdWhenTheClientSentNone() throws Exception {
        assertEquals("server-made-id", parse("{\"type\":\"referral\",\"visitor\":\"v\",\"experiment\":\"r\"}").id());
    }

    @Test
    void sourceServerNeedsTheIngestKey() throws Exception {
        String server = "{\"type\":\"conversion\",\"visitor\":\"v\",\"goal\":\"buy\",\"source\":\"server\"}";
        EventParser.InvalidEvent e = assertThrows(EventParser.InvalidEvent.class, () -> parse(server));
        assertTrue(e.getMessage().startsWith("source server needs the ingest key"), e.getMessage());
        assertTrue(parser.parse(JSON.readTree(server), true).fromServer());
        assertTrue(!parser.parse(JSON.readTree(server.replace("server\"}", "browser\"}")), true).fromServer());
        assertTrue(!parser.parse(JSON.readTree("{\"type\":\"conversion\",\"visitor\":\"v\",\"goal\":\"buy\"}"), true).fromServer(),
                "the key alone does not make an item a server event");
    }

    @Test
    void ignoresUnknownFields() throws Exception {
        assertEquals("v", parse("{\"type\":\"exposure\",\"visitor\":\"v\",\"experiment\":\"e\",\"new_field\":{\"x\":1}}").visitor());
    }

    @Test
    void namesTheFieldAndTheProblem() {
        EventParser.InvalidEvent e = assertThrows(EventParser.InvalidEvent.class,
                () -> parse("{\"type\":\"survey\",\"visitor\":\"v\",\"experiment\":\"e\",\"score\":4.5}"));
        assertTrue(e.getMessage().startsWith("score must be an integer from 0 to 10"), e.getMessage());
    }

    @Test
    void keepsTheReferralCodeAndDropsAMalformedOne() throws Exception {
        assertEquals(Optional.of("advocate-a"), parse("{\"type\":\"conversion\",\"visitor\":\"v\",\"goal\":\"visit\",\"ref\":\"advocate-a\"}").referrer());
        assertEquals(Optional.empty(), parse("{\"type\":\"conversion\",\"visitor\":\"v\",\"goal\":\"visit\",\"ref\":\"<script>\"}").referrer());
    }

    /** Events used to accept these (Redis stored a lone surrogate as "?", merging distinct ids); the assign route never did. */
    @ParameterizedTest
    @ValueSource(strings = {"line\\u2028sep", "bidi\\u202eoverride", "lone\\ud83d", "\\udc00low", "tab\\t"})
    void rejectsTheVisitorIdsTheAssignRouteRejects(String escapedId) {
        EventParser.InvalidEvent e = assertThrows(EventParser.InvalidEvent.class,
                () -> parse("{\"type\":\"exposure\",\"visitor\":\"" + escapedId + "\",\"experiment\":\"e\"}"));
        assertTrue(e.getMessage().startsWith("visitor id must contain only printable characters"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"line\\u2028sep", "bidi\\u202eoverride", "lone\\ud83d"})
    void rejectsSurveyChoicesWithUnprintableCharacters(String escapedChoice) {
        EventParser.InvalidEvent e = assertThrows(EventParser.InvalidEvent.class,
                () -> parse("{\"type\":\"survey\",\"visitor\":\"v\",\"experiment\":\"e\",\"choice\":\"" + escapedChoice + "\"}"));
        assertTrue(e.getMessage().startsWith("choice must be"), e.getMessage());
    }

    @Test
    void rejectsGoalNamesOutsideTheGoalCharset() {
        EventParser.InvalidEvent e = assertThrows(EventParser.InvalidEvent.class,
                () -> parse("{\"type\":\"conversion\",\"visitor\":\"v\",\"goal\":\"buy\\u202e\"}"));
        assertTrue(e.getMessage().startsWith("goal must be"), e.getMessage());
    }
}
