package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** experiments/schema.json and the loader describe the same format. */
class ExperimentSchemaTest {

    static Stream<Path> exampleFiles() throws IOException {
        return ExampleExperimentsTest.exampleFiles();
    }

    private static Set<String> schemaFields(String context) {
        JsonNode schema = SchemaFixture.schemaJson();
        JsonNode object = context.equals("experiment") ? schema : schema.get("$defs").get(context);
        Set<String> names = new TreeSet<>();
        object.get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void everyFieldTheLoaderKnowsIsInTheSchemaAndViceVersa() {
        for (Map.Entry<String, List<String>> context : ExperimentReader.FIELDS.entrySet()) {
            assertEquals(new TreeSet<>(context.getValue()), schemaFields(context.getKey()), "fields of " + context.getKey());
        }
    }

    @Test
    void everyObjectTheSchemaDefinesIsOneTheLoaderReads() {
        Set<String> schemaObjects = new HashSet<>();
        SchemaFixture.schemaJson().get("$defs").fields().forEachRemaining(def -> {
            if (def.getValue().has("properties")) {
                schemaObjects.add(def.getKey());
            }
        });
        schemaObjects.add("experiment");
        assertEquals(new TreeSet<>(ExperimentReader.FIELDS.keySet()), new TreeSet<>(schemaObjects));
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void everyExampleValidatesAgainstTheSchema(Path file) {
        assertEquals(Set.of(), SchemaFixture.validate(SchemaFixture.asJson(file).orElseThrow()));
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void theApiFormOfEveryExampleValidatesAgainstTheSchema(Path file) {
        Experiment experiment = ExperimentReader.read(file, file.toString()).experiment().orElseThrow();
        assertEquals(Set.of(), SchemaFixture.validate(ExperimentJson.definition(experiment)));
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void theApiFormReadsBackAsTheSameExperiment(Path file) {
        Experiment experiment = ExperimentReader.read(file, file.toString()).experiment().orElseThrow();
        String asYaml = ExperimentJson.definition(experiment).toString(); // JSON is YAML
        Experiment again = ExperimentReader.read(asYaml, file.getFileName().toString()).experiment().orElseThrow();
        assertEquals(experiment, again);
    }
}
