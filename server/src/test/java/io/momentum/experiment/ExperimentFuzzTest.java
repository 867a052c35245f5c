package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * 1,000 seeded random mutations of the example files: the loader answers each with an experiment or with
 * problems that have a position and a message, and never throws.
 */
class ExperimentFuzzTest {
    static final long SEED = 20261123L;
    static final int MUTATIONS = 1000;

    private static final List<String> REPLACEMENT_VALUES = List.of("[1, 2]", "{ a: 1 }", "\"text\"", "-5", "true", "~", "",
            "&x [*x]", "*nope", "0.0", ".nan", "1e999", "'unterminated", "{ [a]: b }", "\"\\u0000\"", "!!binary aGk=", "? a", "- item");

    private final List<BiFunction<List<String>, Random, List<String>>> mutations = List.of(
            this::deleteLine, this::swapCharacters, this::duplicateLine, this::changeValue,
            this::truncate, this::insertTab, this::insertAlias, this::shuffleIndentation, this::insertGarbage);

    @Test
    void randomMutationsOfTheExamplesNeverCrashTheLoader() throws IOException {
        List<Path> examples = CatalogLoader.experimentFiles(ExampleExperimentsTest.EXAMPLES);
        List<List<String>> originals = new ArrayList<>();
        for (Path example : examples) {
            originals.add(Files.readAllLines(example));
        }
        Random random = new Random(SEED);
        int invalid = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            List<String> lines = new ArrayList<>(originals.get(random.nextInt(originals.size())));
            int rounds = 1 + random.nextInt(3);
            for (int r = 0; r < rounds; r++) {
                lines = mutations.get(random.nextInt(mutations.size())).apply(lines, random);
            }
            String text = String.join("\n", lines);
            ExperimentFile read = ExperimentReader.read(text, "mutation-" + i + ".yaml");
            assertEquals(read.problems().isEmpty(), read.valid(), "mutation " + i + ":\n" + text);
            for (LoadProblem problem : read.problems()) {
                assertTrue(problem.line() >= 1 && problem.column() >= 1, "mutation " + i + ": " + problem);
                assertFalse(problem.message().isBlank(), "mutation " + i);
            }
            invalid += read.valid() ? 0 : 1;
        }
        System.out.println(MUTATIONS + " mutations: " + invalid + " invalid, " + (MUTATIONS - invalid) + " still valid");
        assertTrue(invalid > MUTATIONS / 2, "the mutations should mostly break the files");
    }

    private List<String> deleteLine(List<String> lines, Random random) {
        if (!lines.isEmpty()) {
            lines.remove(random.nextInt(lines.size()));
        }
        return lines;
    }

    private List<String> swapCharacters(List<String> lines, Random random) {
        int at = random.nextInt(Math.max(1, lines.size()));
        if (lines.isEmpty() || lines.get(at).length() < 2) {
            return lines;
        }
        char[] chars = lines.get(at).toCharArray();
        int i = random.nextInt(chars.length - 1);
        char c = chars[i];
        chars[i] = chars[i + 1];
        chars[i + 1] = c;
        lines.set(at, new String(chars));
        return lines;
    }

    private List<String> duplicateLine(List<String> lines, Random random) {
        if (!lines.isEmpty()) {
            int at = random.nextInt(lines.size());
            lines.add(at, lines.get(at));
        }
        return lines;
    }

    private List<String> changeValue(List<String> lines, Random random) {
        return replaceValue(lines, random, old -> REPLACEMENT_VALUES.get(random.nextInt(REPLACEMENT_VALUES.size())));
    }

    private List<String> insertAlias(List<String> lines, Random random) {
        return replaceValue(lines, random, old -> random.nextBoolean() ? "&a " + old : "*a");
    }

    /** Replaces the value of a random "key: value" line. */
    private static List<String> replaceValue(List<String> lines, Random random, UnaryOperator<String> replacement) {
        if (lines.isEmpty()) {
            return lines;
        }
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        int colon = line.indexOf(": ");
        if (colon > 0) {
            lines.set(at, line.substring(0, colon + 2) + replacement.apply(line.substring(colon + 2)));
        }
        return lines;
    }

    private List<String> truncate(List<String> lines, Random random) {
        String text = String.join("\n", lines);
        return new ArrayList<>(List.of(text.substring(0, random.nextInt(text.length() + 1)).split("\n", -1)));
    }

    private List<String> insertTab(List<String> lines, Random random) {
        if (!lines.isEmpty()) {
            int at = random.nextInt(lines.size());
            lines.set(at, "\t" + lines.get(at));
        }
        return lines;
    }

    private List<String> shuffleIndentation(List<String> lines, Random random) {
        if (!lines.isEmpty()) {
            int at = random.nextInt(lines.size());
            lines.set(at, " ".repeat(random.nextInt(6)) + lines.get(at).stripLeading());
        }
        return lines;
    }

    private List<String> insertGarbage(List<String> lines, Random random) {
        StringBuilder garbage = new StringBuilder();
        for (int i = 0; i < 1 + random.nextInt(20); i++) {
            garbage.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
        }
        lines.add(random.nextInt(lines.size() + 1), garbage.toString());
        return lines;
    }
}
