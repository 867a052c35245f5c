package io.momentum.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The browser snippet sets text and attributes only: no HTML sinks anywhere in its source. */
class SnippetNeverInjectsHtmlTest {
    private static final Pattern HTML_SINK = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new\\s+Function\\s*\\(");

    @Test
    void snippetSourceUsesNoHtmlSinks() throws IOException {
        Path source = Path.of("..", "sdk-js-snippet", "src");
        assumeTrue(Files.isDirectory(source), "the snippet source is not in this checkout yet");
        List<String> hits;
        try (Stream<Path> files = Files.walk(source)) {
            hits = files.filter(f -> f.toString().endsWith(".js") || f.toString().endsWith(".mjs"))
                    .flatMap(SnippetNeverInjectsHtmlTest::sinks)
                    .toList();
        }
        assertTrue(hits.isEmpty(), "HTML sinks in the snippet: " + hits);
    }

    private static Stream<String> sinks(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return java.util.stream.IntStream.range(0, lines.size())
                    .filter(i -> HTML_SINK.matcher(lines.get(i)).find())
                    .mapToObj(i -> file + ":" + (i + 1) + ": " + lines.get(i).trim());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
