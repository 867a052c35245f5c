package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.assign.Exposure;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The stream/log payload is written without Jackson trees; it must read back as what the map version wrote. */
class EventPayloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.ofEpochMilli(1_764_590_400_123L);

    private static JsonNode parsed(TrackedEvent event) throws Exception {
        return JSON.readTree(EventIngest.payload(event, 1_764_590_401_000L));
    }

    @Test
    void anExposureCarriesItsExperimentVariantAndTimes() throws Exception {
        TrackedEvent event = TrackedEvent.exposure("e-1", new Exposure("pricing-hero", "control", "v-1", AT));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("_id", "e-1");
        expected.put("type", "exposure");
        expected.put("visitor", "v-1");
        expected.put("experiment", "pricing-hero");
        expected.put("variant", "control");
        expected.put("at", AT.toEpochMilli());
        expected.put("received", 1_764_590_401_000L);
        assertEquals(JSON.valueToTree(expected), parsed(event));
    }

    @Test
    void aConversionCarriesItsGoalValueAndReferrerAndEscapesStrings() throws Exception {
        String odd = "v \"quoted\" \\ \u00e9\u2014\n\t\u0001";
        TrackedEvent event = new TrackedEvent("c-1", EventType.CONVERSION, odd, Optional.empty(), Optional.of("signup"), 1299,
                OptionalInt.empty(), Optional.empty(), AT, Optional.empty()).withReferrer(Optional.of("ref-" + odd));

        JsonNode payload = parsed(event);
        assertEquals(odd, payload.get("visitor").asText());
        assertEquals("ref-" + odd, payload.get("referrer").asText());
        assertEquals(1299, payload.get("value").asLong());
        assertEquals("signup", payload.get("goal").asText());
        assertEquals(8, payload.size(), payload.toString());
    }

    @Test
    void aSurveyAnswerCarriesItsScoreOrChoice() throws Exception {
        TrackedEvent scored = new TrackedEvent("s-1", EventType.SURVEY, "v", Optional.of("nps"), Optional.empty(), 0,
                OptionalInt.of(9), Optional.empty(), AT, Optional.empty());
        TrackedEvent chosen = new TrackedEvent("s-2", EventType.SURVEY, "v", Optional.of("nps"), Optional.empty(), 0,
                OptionalInt.empty(), Optional.of("pricing"), AT, Optional.empty());

        assertEquals(9, parsed(scored).get("score").asInt());
        assertEquals("pricing", parsed(chosen).get("choice").asText());
        assertEquals(false, parsed(scored).has("value"));
    }

    @Test
    void aBackendConversionSaysItCameFromTheServer() throws Exception {
        TrackedEvent event = new TrackedEvent("c-2", EventType.CONVERSION, "v", Optional.empty(), Optional.of("purchase"), 0,
                OptionalInt.empty(), Optional.empty(), AT, Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), true);

        assertEquals("server", parsed(event).get("source").asText());
        assertEquals(false, parsed(TrackedEvent.exposure("e", new Exposure("x", "a", "v", AT))).has("source"));
    }
}
