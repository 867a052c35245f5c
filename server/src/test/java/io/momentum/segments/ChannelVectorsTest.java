package io.momentum.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs {@code test-vectors/channels.json} (shared with the JavaScript tests) against the server's channel rules. */
class ChannelVectorsTest {
    private static final Path VECTORS = Path.of("..", "test-vectors", "channels.json");

    static Stream<Arguments> rows(String section) throws IOException {
        JsonNode all = new ObjectMapper().readTree(VECTORS.toFile()).get(section);
        return StreamSupport.stream(all.spliterator(), false).map(row -> Arguments.of(row.get(0).asText(), row));
    }

    static Stream<Arguments> channels() throws IOException {
        return rows("channels");
    }

    static Stream<Arguments> visitorTypes() throws IOException {
        return rows("visitor_types");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channels")
    void derivesTheChannelOfRawAttributes(String name, JsonNode row) {
        Map<String, String> attributes = new HashMap<>();
        row.get(1).properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        String ownHost = row.get(2).isNull() ? null : row.get(2).asText();
        assertEquals(row.get(3).asText(), TrafficSource.channel(attributes, ownHost), name);
        String pageUrl = ownHost == null ? null : "https://" + ownHost + "/landing";
        assertEquals(row.get(3).asText(), TrafficSource.derive(attributes, null, pageUrl).get(TrafficSource.CHANNEL), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("visitorTypes")
    void derivesTheVisitorTypeFromVisits(String name, JsonNode row) {
        Optional<String> expected = row.get(2).isNull() ? Optional.empty() : Optional.of(row.get(2).asText());
        assertEquals(expected, TrafficSource.visitorType(row.get(1).asText()), name);
    }

    @Test
    void keepsAChannelTheCallerNamedAndDerivesTheDevice() {
        Map<String, String> derived = TrafficSource.derive(Map.of("channel", "affiliate", "utm_medium", "cpc", "visits", "3"),
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148", null);
        assertEquals("affiliate", derived.get("channel"));
        assertEquals("returning", derived.get("visitor_type"));
        assertEquals("mobile", derived.get("device"));
    }

    @Test
    void derivesAChannelNamedWrongly() {
        assertEquals("paid_search", TrafficSource.derive(Map.of("channel", "google-ads", "gclid", "x"), null, null).get("channel"));
    }
}
