package io.momentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
    static final Path EXAMPLES = Path.of("..", "experiments");
    private static final java.time.Clock NOW = java.time.Clock.fixed(java.time.Instant.parse("2026-12-01T10:00:00Z"), java.time.ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private record Run(int exitCode, List<String> out) {
    }

    private static Run validate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int code = new CommandLine(new ValidateCommand(new PrintStream(out, true, StandardCharsets.UTF_8), err, NOW)).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void printsOkWithTheNumberOfExperimentsOfAValidDirectory() throws Exception {
        int examples = io.momentum.experiment.CatalogLoader.experimentFiles(EXAMPLES).size();
        assertEquals(new Run(0, List.of("OK  " + examples + " experiments")), validate(EXAMPLES.toString()));
    }

    @Test
    void printsEveryProblemAsPathLineColumnMessageAndExitsWithOne() {
        Path file = EXAMPLES.resolve("invalid").resolve("winner-while-running.yaml");
        assertEquals(new Run(1, List.of(
                file + ":11:9: winner is only allowed when status is stopped, or running with an end after which it is rolled out"
                        + " (status is running, no valid end); remove winner or set status: stopped",
                file + ":11:9: winner \"benefits\" is not one of the variants (control, benefit); did you mean \"benefit\"?")),
                validate(file.toString()));
    }

    @Test
    void checksIdsAcrossTheFilesItIsGiven() throws Exception {
        Path copy = Files.copy(EXAMPLES.resolve("upgrade-cta.yaml"), tmp.resolve("copy.yaml"));
        Run run = validate(EXAMPLES.resolve("upgrade-cta.yaml").toString(), copy.toString());
        assertEquals(1, run.exitCode());
        assertEquals(List.of(copy + ":3:5: id \"upgrade-cta\" is already used by " + EXAMPLES.resolve("upgrade-cta.yaml")
                + "; experiment ids must be unique across files"), run.out());
    }

    @Test
    void checksTheAlertsFileOfADirectoryWithoutCountingItAsAnExperiment() throws Exception {
        Files.copy(EXAMPLES.resolve("upgrade-cta.yaml"), tmp.resolve("upgrade-cta.yaml"));
        Path alerts = Files.writeString(tmp.resolve("alerts.yaml"), "destinations: []\nrules:\n  - { name: x, when: srm_detected, to: [nowhere] }\n");
        Run run = validate(tmp.toString());
        assertEquals(1, run.exitCode());
        assertEquals(List.of(alerts + ":3:41: rules[0].to[0] names \"nowhere\", but no destination is defined"), run.out());
    }

    @Test
    void reportsAPathThatDoesNotExist() {
        assertEquals(new Run(1, List.of("nowhere.yaml:1:1: no such file or directory")), validate("nowhere.yaml"));
    }

    @Test
    void warnsAboutAnEndInThePastOnARunningExperimentWithoutFailing() throws Exception {
        String ended = Files.readString(EXAMPLES.resolve("upgrade-cta.yaml")).stripTrailing() + "\nend: 2026-11-30T00:00:00Z\n";
        Path file = Files.writeString(tmp.resolve("ended.yaml"), ended);
        int line = (int) ended.lines().count();
        assertEquals(new Run(0, List.of(file + ":" + line + ":1: warning: end (2026-11-30T00:00:00Z) is in the past on a running"
                        + " experiment: it assigns nobody; set status: stopped or move end", "OK  1 experiment")),
                validate(file.toString()));
    }

    @Test
    void doesNotWarnAboutAnEndInTheFuture() throws Exception {
        String future = Files.readString(EXAMPLES.resolve("upgrade-cta.yaml")).stripTrailing() + "\nend: 2026-12-02T00:00:00Z\n";
        Path file = Files.writeString(tmp.resolve("future.yaml"), future);
        assertEquals(new Run(0, List.of("OK  1 experiment")), validate(file.toString()));
    }

    @Test
    void aMissingFileNextToAValidOneIsAnErrorAndCountsAsAFileChecked() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new ValidateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), NOW)).execute(EXAMPLES.resolve("upgrade-cta.yaml").toString(), "missing.yaml");
        assertEquals(1, code);
        assertEquals(List.of("missing.yaml:1:1: no such file or directory"), out.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals("1 problem in 1 file; 1 of 2 experiments are valid", err.toString(StandardCharsets.UTF_8).trim());
    }
}
