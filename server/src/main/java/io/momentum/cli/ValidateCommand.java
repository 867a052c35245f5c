package io.momentum.cli;

import io.momentum.experiment.CatalogLoader;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.AlertsReader;
import io.momentum.experiment.FlywheelReader;
import io.momentum.experiment.LoadProblem;
import io.momentum.experiment.Status;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code momentum validate [DIR|FILE...]}: checks experiment files the way the server loads them. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check experiment YAML files the way the server loads them.",
                "Prints 'OK  <n> experiments', or every problem as path:line:column: message (exit code 1).",
                "Warnings (path:line:column: warning: message) do not change the exit code.",
                "A directory means its top-level *.yaml/*.yml files plus flywheel.yaml and alerts.yaml; subdirectories are not read."})
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "DIR|FILE",
            description = "Directories or files to check (default: ${env:MOMENTUM_EXPERIMENTS:-experiments}).")
    List<Path> paths = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    private static final String NO_SUCH_FILE = "no such file or directory";

    public ValidateCommand() {
        this(System.out, System.err, Clock.systemUTC());
    }

    ValidateCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        List<Path> targets = paths.isEmpty() ? List.of(defaultDirectory()) : paths;
        List<Path> experimentFiles = new ArrayList<>();
        List<LoadProblem> problems = new ArrayList<>();
        for (Path target : targets) {
            collect(target, experimentFiles, problems);
        }
        // a named file that does not exist is one of the files checked, and an invalid one
        long missing = problems.stream().filter(p -> p.message().equals(NO_SUCH_FILE)).count();
        CatalogLoader.Load load = CatalogLoader.loadFiles(experimentFiles, Map.of());
        problems.addAll(load.problems());
        warnings(experimentFiles, load).forEach(out::println);
        if (problems.isEmpty()) {
            out.println("OK  " + load.serving().size() + (load.serving().size() == 1 ? " experiment" : " experiments"));
            return 0;
        }
        problems.forEach(out::println);
        long files = problems.stream().map(LoadProblem::file).distinct().count();
        err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + files
                + (files == 1 ? " file" : " files") + "; " + load.serving().size() + " of " + (load.files() + missing) + " experiments are valid");
        return 1;
    }

    /** A running experiment whose end has passed assigns nobody (or rolls out its winner): probably a forgotten edit. */
    private List<LoadProblem> warnings(List<Path> files, CatalogLoader.Load load) {
        Instant now = clock.instant();
        List<LoadProblem> warnings = new ArrayList<>();
        for (Path file : files) {
            Experiment experiment = load.serving().get(file.toString());
            if (experiment != null && experiment.status() == Status.RUNNING && experiment.end().isPresent()
                    && !now.isBefore(experiment.end().get())) {
                String after = experiment.winner().map(w -> "variant " + w + " is rolled out to everyone").orElse("it assigns nobody");
                warnings.add(new LoadProblem(file.toString(), lineOf(file, "end"), 1, "warning: end (" + experiment.end().get()
                        + ") is in the past on a running experiment: " + after + "; set status: stopped or move end"));
            }
        }
        return warnings;
    }

    /** The line of a top-level key, for the warning's position (1 when it cannot be found). */
    private static int lineOf(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches(key + "\\s*:.*")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // the file was read a moment ago; without it the warning points at line 1
        }
        return 1;
    }

    private void collect(Path target, List<Path> experimentFiles, List<LoadProblem> problems) {
        if (Files.isDirectory(target)) {
            try {
                experimentFiles.addAll(CatalogLoader.experimentFiles(target));
            } catch (IOException e) {
                problems.add(new LoadProblem(target.toString(), 1, 1, "directory cannot be listed: " + e.getMessage()));
            }
            Path flywheel = target.resolve(FlywheelReader.FILE_NAME);
            if (Files.isRegularFile(flywheel)) {
                problems.addAll(FlywheelReader.read(flywheel, flywheel.toString()).problems());
            }
            Path alerts = target.resolve(AlertsReader.FILE_NAME);
            if (Files.isRegularFile(alerts)) {
                problems.addAll(AlertsReader.read(alerts, alerts.toString()).problems());
            }
        } else if (!Files.exists(target)) {
            problems.add(new LoadProblem(target.toString(), 1, 1, NO_SUCH_FILE));
        } else if (target.getFileName().toString().equals(FlywheelReader.FILE_NAME)) {
            problems.addAll(FlywheelReader.read(target, target.toString()).problems());
        } else if (target.getFileName().toString().equals(AlertsReader.FILE_NAME)) {
            problems.addAll(AlertsReader.read(target, target.toString()).problems());
        } else {
            experimentFiles.add(target);
        }
    }

    private static Path defaultDirectory() {
        String env = System.getenv("MOMENTUM_EXPERIMENTS");
        return Path.of(env == null || env.isBlank() ? "experiments" : env);
    }
}
