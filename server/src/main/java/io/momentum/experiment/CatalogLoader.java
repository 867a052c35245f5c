package io.momentum.experiment;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads experiment files into the set that serves: each file read on its own, then the rules across files
 * (unique ids, disjoint layer slots). A file that fails keeps its last good version serving, if it had one.
 * Only the top-level {@code *.yaml}/{@code *.yml} files of a directory are experiments (not subdirectories,
 * not {@code flywheel.yaml} or {@code alerts.yaml}).
 */
public final class CatalogLoader {
    private static final Logger log = LoggerFactory.getLogger(CatalogLoader.class);

    /**
     * One load.
     *
     * @param serving  the experiment of each file that serves now, keyed by file (the last good version of a broken file)
     * @param files    how many experiment files were read
     * @param missing  the directory does not exist
     */
    public record Load(Map<String, Experiment> serving, FlywheelDefinition flywheel, List<LoadProblem> problems,
                       int files, boolean missing) {

        public Load {
            serving = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(serving));
            problems = List.copyOf(problems);
        }

        /** The serving experiments by id, sorted by id. */
        public Map<String, Experiment> experimentsById() {
            Map<String, Experiment> byId = new TreeMap<>();
            serving.values().forEach(e -> byId.put(e.id(), e));
            return java.util.Collections.unmodifiableMap(byId);
        }
    }

    private CatalogLoader() {
    }

    /** Loads a directory, keeping {@code lastGood} versions (by file) of files that fail now. */
    public static Load loadDirectory(Path dir, Map<String, Experiment> lastGood, FlywheelDefinition lastFlywheel) {
        if (!Files.isDirectory(dir)) {
            // A directory that vanishes while serving is an accident (unmounted volume, botched deploy), not a
            // decision to stop every experiment: the last good definitions keep serving until it is back.
            String serving = lastGood.isEmpty() ? "" : "; the last good definitions keep serving";
            return new Load(lastGood, lastFlywheel, List.of(new LoadProblem(dir.toString(), 1, 1,
                    "experiment directory " + dir + " does not exist" + serving)), 0, lastGood.isEmpty());
        }
        List<Path> files;
        try {
            files = experimentFiles(dir);
        } catch (IOException e) {
            return new Load(lastGood, lastFlywheel, List.of(new LoadProblem(dir.toString(), 1, 1,
                    "experiment directory " + dir + " cannot be listed: " + e.getMessage())), 0, false);
        }
        List<LoadProblem> problems = new ArrayList<>();
        FlywheelDefinition flywheel = lastFlywheel;
        Path flywheelFile = dir.resolve(FlywheelReader.FILE_NAME);
        if (Files.isRegularFile(flywheelFile)) {
            FlywheelReader.Result result = FlywheelReader.read(flywheelFile, flywheelFile.toString());
            problems.addAll(result.problems());
            flywheel = result.flywheel().orElse(lastFlywheel);
        } else {
            flywheel = FlywheelDefinition.DEFAULT;
        }
        Load experiments = loadFiles(files, lastGood);
        problems.addAll(experiments.problems());
        return new Load(experiments.serving(), flywheel, problems, files.size(), false);
    }

    /** Loads the given experiment files (the validate command, or one directory's files). */
    public static Load loadFiles(List<Path> files, Map<String, Experiment> lastGood) {
        List<ExperimentFile> read = files.stream().map(CatalogLoader::readSafely).toList();
        return combine(read, lastGood);
    }

    /** The top-level experiment files of a directory, sorted by name. */
    public static List<Path> experimentFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
                if (yaml && !name.equals(FlywheelReader.FILE_NAME) && !name.equals(AlertsReader.FILE_NAME) && !name.startsWith(".") && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    /** A bad file must never stop the others; an unexpected failure is a bug, logged, and reported on the file. */
    private static ExperimentFile readSafely(Path path) {
        try {
            return ExperimentReader.read(path, path.toString());
        } catch (RuntimeException e) {
            log.error("unexpected failure reading {}", path, e);
            return new ExperimentFile(path.toString(), Optional.empty(),
                    List.of(new LoadProblem(path.toString(), 1, 1, "file could not be read (internal error; see the server log)")),
                    ExperimentFile.Position.START, ExperimentFile.Position.START);
        }
    }

    /**
     * Applies the rules across files. Versions that already served keep priority over new ones, so editing one
     * file can never take another file's experiment down; among equals, the file name decides.
     */
    static Load combine(List<ExperimentFile> read, Map<String, Experiment> lastGood) {
        List<LoadProblem> problems = new ArrayList<>();
        List<Candidate> established = new ArrayList<>();
        List<Candidate> changed = new ArrayList<>();
        for (ExperimentFile file : read) {
            problems.addAll(file.problems());
            Optional<Experiment> previous = Optional.ofNullable(lastGood.get(file.file()));
            Optional<Experiment> now = file.experiment();
            if (now.isPresent() && now.equals(previous)) {
                established.add(new Candidate(file, now.get(), Optional.empty()));
            } else if (now.isPresent()) {
                changed.add(new Candidate(file, now.get(), previous));
            } else {
                previous.ifPresent(p -> established.add(new Candidate(file, p, Optional.empty())));
            }
        }
        Map<String, Experiment> serving = new LinkedHashMap<>();
        Map<String, Experiment> byId = new LinkedHashMap<>();
        for (Candidate candidate : established) {
            accept(candidate, serving, byId, problems);
        }
        for (Candidate candidate : changed) {
            accept(candidate, serving, byId, problems);
        }
        problems.sort(Comparator.comparing(LoadProblem::file).thenComparingInt(LoadProblem::line).thenComparingInt(LoadProblem::column));
        Map<String, Experiment> inFileOrder = new LinkedHashMap<>();
        read.forEach(f -> Optional.ofNullable(serving.get(f.file())).ifPresent(e -> inFileOrder.put(f.file(), e)));
        return new Load(inFileOrder, FlywheelDefinition.DEFAULT, problems, read.size(), false);
    }

    private record Candidate(ExperimentFile file, Experiment experiment, Optional<Experiment> fallback) {
    }

    private static void accept(Candidate candidate, Map<String, Experiment> serving, Map<String, Experiment> byId,
                               List<LoadProblem> problems) {
        Optional<LoadProblem> conflict = conflict(candidate.file(), candidate.experiment(), serving, byId);
        if (conflict.isEmpty()) {
            serving.put(candidate.file().file(), candidate.experiment());
            byId.put(candidate.experiment().id(), candidate.experiment());
            return;
        }
        problems.add(conflict.get());
        // The new version conflicts; the last good version of the same file may still serve.
        candidate.fallback()
                .filter(previous -> conflict(candidate.file(), previous, serving, byId).isEmpty())
                .ifPresent(previous -> {
                    serving.put(candidate.file().file(), previous);
                    byId.put(previous.id(), previous);
                });
    }

    private static Optional<LoadProblem> conflict(ExperimentFile file, Experiment experiment,
                                                  Map<String, Experiment> serving, Map<String, Experiment> byId) {
        Experiment sameId = byId.get(experiment.id());
        if (sameId != null) {
            return Optional.of(problem(file, file.idAt(), "id \"" + experiment.id() + "\" is already used by "
                    + fileOf(sameId, serving) + "; experiment ids must be unique across files"));
        }
        if (experiment.layer().isEmpty()) {
            return Optional.empty();
        }
        Layer layer = experiment.layer().get();
        for (Experiment other : serving.values()) {
            Optional<Layer> otherLayer = other.layer().filter(l -> l.name().equals(layer.name()));
            if (otherLayer.isPresent() && layer.start() < otherLayer.get().end() && otherLayer.get().start() < layer.end()) {
                return Optional.of(problem(file, file.layerAt(), "layer " + layer.name() + " slot " + slot(layer)
                        + " overlaps the slot " + slot(otherLayer.get()) + " of experiment " + other.id() + " (" + fileOf(other, serving)
                        + "); experiments in one layer need separate ranges, e.g. layer: { name: " + layer.name() + ", range: [0.5, 1] }"));
            }
        }
        return Optional.empty();
    }

    private static String fileOf(Experiment experiment, Map<String, Experiment> serving) {
        return serving.entrySet().stream().filter(e -> e.getValue() == experiment).map(Map.Entry::getKey).findFirst()
                .orElse(experiment.source());
    }

    private static String slot(Layer layer) {
        return "[" + ExperimentReader.fmt(layer.start()) + ", " + ExperimentReader.fmt(layer.end()) + ")";
    }

    private static LoadProblem problem(ExperimentFile file, ExperimentFile.Position at, String message) {
        return new LoadProblem(file.file(), at.line(), at.column(), message);
    }
}
