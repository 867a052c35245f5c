package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.web.ApiJson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one wire spelling: what Jackson writes and reads is what YAML parsing accepts. */
class WireNameTest {
    private final ObjectMapper mapper = new ApiJson().mapper();

    @Test
    void jsonWritesAndReadsTheLowerCaseConstantName() throws Exception {
        assertEquals("\"landing_page\"", mapper.writeValueAsString(Kind.LANDING_PAGE));
        assertEquals("[\"guardrail\",\"benjamini_hochberg\"]",
                mapper.writeValueAsString(List.of(GoalRole.GUARDRAIL, Analysis.Correction.BENJAMINI_HOCHBERG)));
        assertEquals(Stage.ADOPTION, mapper.readValue("\"adoption\"", Stage.class));
    }

    @Test
    void parseAcceptsExactlyTheWireName() {
        assertEquals(Optional.of(Status.RUNNING), WireName.parse(Status.class, "running"));
        assertEquals(Optional.empty(), WireName.parse(Status.class, "RUNNING"));
        assertEquals(Optional.empty(), WireName.parse(Status.class, " running"));
        assertEquals(List.of("draft", "running", "paused", "stopped"), WireName.all(Status.class));
    }
}
