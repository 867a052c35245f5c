package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in experiments/invalid fails exactly as experiments/invalid/expected.json says, in the loader and the schema. */
class InvalidExamplesTest {
    static final Path INVALID = Path.of("..", "experiments", "invalid");

    static JsonNode expected() throws IOException {
        return new ObjectMapper().readTree(Files.readString(INVALID.resolve("expected.json")));
    }

    static Stream<Arguments> invalidExamples() throws IOException {
        JsonNode expected = expected();
        List<Arguments> cases = new ArrayList<>();
        expected.fieldNames().forEachRemaining(name -> {
            if (!name.startsWith("_")) {
                cases.add(Arguments.of(name, expected.get(name)));
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void loaderReportsTheExpectedLinesAndMessages(String file, JsonNode expected) {
        ExperimentFile read = ExperimentReader.read(INVALID.resolve(file), file);
        List<String> problems = read.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
        List<String> wanted = new ArrayList<>();
        expected.get("problems").forEach(p -> wanted.add(p.asText()));
        assertEquals(wanted, problems);
        assertFalse(read.valid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void schemaAgreesWhereItCanTell(String file, JsonNode expected) {
        Optional<JsonNode> json = SchemaFixture.asJson(INVALID.resolve(file));
        String verdict = json.isEmpty() ? "not_applicable" : SchemaFixture.validate(json.get()).isEmpty() ? "accepts" : "rejects";
        assertEquals(expected.get("schema").asText(), verdict);
    }

    @Test
    void everyInvalidFileHasAnExpectation() throws IOException {
        JsonNode expected = expected();
        try (Stream<Path> files = Files.list(INVALID)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .forEach(name -> assertTrue(expected.has(name), name + " has no entry in expected.json"));
        }
    }
}
