package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ExampleExperimentsTest {
    static final Path EXAMPLES = Path.of("..", "experiments");

    static Stream<Path> exampleFiles() throws IOException {
        return CatalogLoader.experimentFiles(EXAMPLES).stream();
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void everyExampleIsValid(Path file) {
        ExperimentFile read = ExperimentReader.read(file, file.toString());
        assertEquals(List.of(), read.problems());
        assertTrue(read.valid());
    }

    @Test
    void theExampleDirectoryLoadsWithoutProblems() {
        CatalogLoader.Load load = CatalogLoader.loadDirectory(EXAMPLES, Map.of(), FlywheelDefinition.DEFAULT);
        assertEquals(List.of(), load.problems());
        assertEquals(load.files(), load.serving().size());
    }

    @Test
    void examplesCoverEveryStageAndKind() {
        CatalogLoader.Load load = CatalogLoader.loadDirectory(EXAMPLES, Map.of(), FlywheelDefinition.DEFAULT);
        Set<Stage> stages = load.serving().values().stream().map(Experiment::stage).collect(Collectors.toSet());
        Set<Kind> kinds = load.serving().values().stream().map(Experiment::kind).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(Stage.class), stages);
        assertEquals(EnumSet.allOf(Kind.class), kinds);
    }

    @Test
    void theShippedFlywheelFileMatchesTheBuiltInDefault() {
        FlywheelReader.Result read = FlywheelReader.read(EXAMPLES.resolve(FlywheelReader.FILE_NAME), "flywheel.yaml");
        assertEquals(List.of(), read.problems());
        assertEquals(FlywheelDefinition.DEFAULT, read.flywheel().orElseThrow());
    }

    @Test
    void invalidExamplesInTheSubdirectoryAreNotLoadedAsExperiments() throws IOException {
        assertTrue(CatalogLoader.experimentFiles(EXAMPLES).stream().noneMatch(p -> p.toString().contains("invalid")));
    }
}
