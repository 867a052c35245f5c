package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.assignment.TestExperiments;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SurveyChoicesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Experiment withPayloads(String... payloads) throws Exception {
        List<Variant> variants = new java.util.ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            variants.add(new Variant("v" + i, 1, JSON.readTree(payloads[i])));
        }
        return TestExperiments.running("survey").toBuilder().variants(variants).build();
    }

    @Test
    void offersTheOptionsOfEveryChoiceQuestionAndThumbs() throws Exception {
        Experiment survey = withPayloads(
                "{\"survey\": {\"style\": \"form\", \"questions\": [{\"type\": \"choice\", \"options\": [\"Price\", \"Speed\", 3]}]}}",
                "{\"survey\": \"rating\", \"scale\": \"thumbs\"}");
        assertEquals(Set.of("Price", "Speed", "3", "up", "down"), SurveyChoices.of(survey));
    }

    @Test
    void offersNothingWhenNoVariantListsOptions() throws Exception {
        assertEquals(Set.of(), SurveyChoices.of(withPayloads("{\"question\": \"How likely?\"}", "{}")));
    }

    @Test
    void cutsLongOptionsAsTheSnippetDoes() throws Exception {
        String long70 = "x".repeat(70);
        assertEquals(Set.of("x".repeat(64)), SurveyChoices.of(withPayloads("{\"options\": [\"" + long70 + "\"]}")));
    }
}
