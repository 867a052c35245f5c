package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {
    @TempDir
    Path dir;

    static String experiment(String id, String extra) {
        return ExperimentReaderTest.MINIMAL.replace("id: minimal", "id: " + id) + extra;
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private CatalogLoader.Load load(Map<String, Experiment> lastGood) {
        return CatalogLoader.loadDirectory(dir, lastGood, FlywheelDefinition.DEFAULT);
    }

    @Test
    void rejectsTheSecondFileThatUsesAnId() throws IOException {
        write("a.yaml", experiment("hero", ""));
        write("b.yaml", experiment("hero", ""));
        CatalogLoader.Load load = load(Map.of());
        assertEquals(List.of(dir.resolve("a.yaml").toString()), List.copyOf(load.serving().keySet()));
        assertEquals(List.of(new LoadProblem(dir.resolve("b.yaml").toString(), 1, 5, "id \"hero\" is already used by "
                + dir.resolve("a.yaml") + "; experiment ids must be unique across files")), load.problems());
    }

    @Test
    void rejectsOverlappingSlotsOfOneLayer() throws IOException {
        write("a.yaml", experiment("first", "layer: { name: pricing-page, range: [0, 0.6] }\n"));
        write("b.yaml", experiment("second", "layer: { name: pricing-page, range: [0.5, 1] }\n"));
        write("c.yaml", experiment("third", "layer: { name: other-layer, range: [0.5, 1] }\n"));
        CatalogLoader.Load load = load(Map.of());
        assertEquals(Map.of("first", true, "third", true), Map.of(
                "first", load.experimentsById().containsKey("first"), "third", load.experimentsById().containsKey("third")));
        assertEquals(2, load.serving().size());
        assertEquals(1, load.problems().size());
        assertTrue(load.problems().get(0).message().startsWith("layer pricing-page slot [0.5, 1) overlaps the slot [0, 0.6) of experiment first"),
                load.problems().get(0).message());
        assertEquals(11, load.problems().get(0).line());
    }

    @Test
    void allowsAdjacentSlotsOfOneLayer() throws IOException {
        write("a.yaml", experiment("first", "layer: { name: pricing-page, range: [0, 0.5] }\n"));
        write("b.yaml", experiment("second", "layer: { name: pricing-page, range: [0.5, 1] }\n"));
        assertEquals(List.of(), load(Map.of()).problems());
    }

    @Test
    void keepsTheLastGoodVersionOfABrokenFile() throws IOException {
        write("a.yaml", experiment("hero", ""));
        CatalogLoader.Load first = load(Map.of());
        write("a.yaml", experiment("hero", "coverage: lots\n"));
        CatalogLoader.Load second = load(first.serving());
        assertEquals(first.serving(), second.serving());
        assertEquals(1, second.problems().size());
    }

    @Test
    void dropsTheExperimentOfADeletedFile() throws IOException {
        Path file = write("a.yaml", experiment("hero", ""));
        CatalogLoader.Load first = load(Map.of());
        Files.delete(file);
        assertEquals(Map.of(), load(first.serving()).serving());
    }

    @Test
    void aNewFileCannotTakeAnIdFromAnExperimentThatAlreadyServes() throws IOException {
        write("z.yaml", experiment("hero", ""));
        CatalogLoader.Load first = load(Map.of());
        write("a.yaml", experiment("hero", "name: Impostor\n").replace("name: Minimal\n", ""));
        CatalogLoader.Load second = load(first.serving());
        assertEquals(List.of(dir.resolve("z.yaml").toString()), List.copyOf(second.serving().keySet()));
        assertEquals(dir.resolve("a.yaml").toString(), second.problems().get(0).file());
    }

    @Test
    void readsOnlyTopLevelYamlFilesExceptTheFlywheel() throws IOException {
        write("a.yaml", experiment("a", ""));
        write("b.yml", experiment("b", ""));
        write("notes.txt", "not an experiment");
        write("flywheel.yaml", Files.readString(ExampleExperimentsTest.EXAMPLES.resolve("flywheel.yaml")));
        Files.createDirectories(dir.resolve("invalid"));
        write("invalid/c.yaml", "broken: [");
        CatalogLoader.Load load = load(Map.of());
        assertEquals(List.of(), load.problems());
        assertEquals(List.of("a", "b"), List.copyOf(load.experimentsById().keySet()));
    }

    @Test
    void usesTheBuiltInFlywheelWithoutAFileAndTheLastGoodOneWhenTheFileBreaks() throws IOException {
        assertEquals(FlywheelDefinition.DEFAULT, load(Map.of()).flywheel());
        write("flywheel.yaml", "stages: [a, b]\n");
        CatalogLoader.Load broken = load(Map.of());
        assertEquals(FlywheelDefinition.DEFAULT, broken.flywheel());
        assertEquals(List.of("stages must list the four flywheel stages in order (activation, adoption, adoration, advocacy), found 2"),
                broken.problems().stream().map(LoadProblem::message).toList());
    }

    @Test
    void reportsAMissingDirectory() {
        CatalogLoader.Load load = CatalogLoader.loadDirectory(dir.resolve("nope"), Map.of(), FlywheelDefinition.DEFAULT);
        assertTrue(load.missing());
        assertTrue(load.problems().get(0).message().endsWith("does not exist"));
    }
}
