package io.momentum.assignment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GrowthBook cross-check file must still describe what the Java engine does (regenerate it otherwise). */
class GrowthBookVectorsTest {
    private static final Path FILE = Path.of("..").resolve(GrowthBookVectors.FILE);

    @Test
    void vectorFileMatchesTheJavaEngine() throws IOException {
        JsonNode doc = new ObjectMapper().readTree(FILE.toFile());
        List<String> ids = new ArrayList<>();
        doc.get("ids").forEach(id -> ids.add(id.asText()));
        assertEquals(GrowthBookVectors.ids(), ids, "ids changed: regenerate with GrowthBookVectors.main");
        assertEquals(GrowthBookVectors.SETTINGS.size(), doc.get("settings").size());
        for (int s = 0; s < GrowthBookVectors.SETTINGS.size(); s++) {
            GrowthBookVectors.Setting setting = GrowthBookVectors.SETTINGS.get(s);
            JsonNode json = doc.get("settings").get(s);
            assertEquals(setting.name(), json.get("name").asText());
            assertArrayEquals(TrafficSplit.normalise(setting.weights()), AssignmentVectorsTest.doubles(json.get("weights")), 0.0);
            int[] written = new int[ids.size()];
            for (int i = 0; i < written.length; i++) {
                written[i] = json.get("expected").get(i).asInt();
            }
            assertArrayEquals(GrowthBookVectors.expected(setting, ids), written, setting.name());
        }
    }
}
