package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {
    static final List<String> FIELDS = ExperimentReader.FIELDS.get("experiment");

    @ParameterizedTest
    @CsvSource({
            "hypotesis, hypothesis",
            "stge, stage",
            "Coverage, coverage",
            "varients, variants",
            "allow_forced_variant, allow_forced_variants",
            "colour, ''",
            "x, ''"})
    void suggestsOnlyPlausibleTypos(String typed, String expected) {
        assertEquals(expected.isEmpty() ? Optional.empty() : Optional.of(expected), DidYouMean.closest(typed, FIELDS));
    }
}
