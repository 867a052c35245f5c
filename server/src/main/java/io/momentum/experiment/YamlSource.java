package io.momentum.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads one YAML file within safety limits into SnakeYAML's node tree, which keeps the line and column
 * of every value. Anything that stops parsing (size, encoding, syntax, alias bombs) becomes a problem.
 */
public final class YamlSource {
    /** Largest file read; an experiment is a few kilobytes, a bigger file is a mistake or an attack. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;
    /** Aliases ({@code *name}) that point at lists or maps; each one can double the expanded size. */
    public static final int MAX_ALIASES_FOR_COLLECTIONS = 20;
    /** Nesting of lists and maps; an experiment needs about eight levels. */
    public static final int MAX_NESTING_DEPTH = 40;

    private YamlSource() {
    }

    /** Reads and parses a file; the problems name it by {@code displayName}. */
    static Optional<Node> read(Path path, Problems problems) {
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                // Rejected from its size alone, before reading a byte.
                problems.atLine(1, 1, String.format(Locale.ROOT,
                        "file is %s; experiment files are limited to 1 MB", humanSize(size)));
                return Optional.empty();
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes((int) MAX_FILE_BYTES + 1); // the file may grow while we read it
            }
            if (bytes.length > MAX_FILE_BYTES) {
                problems.atLine(1, 1, "file is larger than 1 MB; experiment files are limited to 1 MB");
                return Optional.empty();
            }
            return parse(bytes, problems);
        } catch (NoSuchFileException e) {
            problems.atLine(1, 1, "file does not exist");
        } catch (IOException e) {
            problems.atLine(1, 1, "file cannot be read: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Decodes UTF-8 strictly and composes the single YAML document of the file. */
    static Optional<Node> parse(byte[] bytes, Problems problems) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.atLine(1, 1, "file is not a text file (it is not UTF-8); save it as UTF-8 YAML");
            return Optional.empty();
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return parse(text, problems);
    }

    static Optional<Node> parse(String text, Problems problems) {
        if (text.isBlank()) {
            problems.atLine(1, 1, "file is empty; an experiment needs at least id, name, stage, kind, status, variants and goals");
            return Optional.empty();
        }
        try {
            Node root = new Composer(new ParserImpl(new StreamReader(text), options()), new CoreSchemaResolver(), options())
                    .getSingleNode();
            if (root == null) {
                problems.atLine(1, 1, "file has only comments; an experiment needs at least id, name, stage, kind, status, variants and goals");
            }
            return Optional.ofNullable(root);
        } catch (MarkedYAMLException e) {
            problems.at(e.getProblemMark(), syntaxMessage(e.getProblem()));
        } catch (ReaderException e) {
            int[] lineColumn = lineAndColumn(text, e.getPosition());
            problems.atLine(lineColumn[0], lineColumn[1], String.format(Locale.ROOT,
                    "file contains the control character U+%04X, which YAML does not allow; is this a text file?", e.getCodePoint()));
        } catch (YAMLException e) {
            problems.atLine(1, 1, syntaxMessage(e.getMessage()));
        }
        return Optional.empty();
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit((int) MAX_FILE_BYTES + 1);
        options.setProcessComments(false);
        return options;
    }

    /** SnakeYAML speaks to programmers; say the common cases in words a marketer knows. */
    private static String syntaxMessage(String problem) {
        String p = problem == null ? "" : problem;
        if (p.contains("\\t") || p.contains("\t")) {
            return "tabs are not allowed in YAML; indent with spaces";
        }
        if (p.contains("Number of aliases")) {
            return "too many YAML aliases (*name) to lists or maps: at most " + MAX_ALIASES_FOR_COLLECTIONS + " are allowed in a file";
        }
        if (p.contains("Nesting Depth")) {
            return "lists and maps are nested more than " + MAX_NESTING_DEPTH + " levels deep";
        }
        if (p.contains("another document") || p.contains("expected a single document")) {
            return "a file holds one experiment, but this one has several YAML documents (---)";
        }
        if (p.contains("found undefined alias")) {
            return "not valid YAML: " + p.replace("found undefined alias", "alias *") + " refers to no anchor (&name) above it";
        }
        if (p.contains("code points")) {
            return "file is too large; experiment files are limited to 1 MB";
        }
        return "not valid YAML: " + p.strip();
    }

    private static int[] lineAndColumn(String text, int position) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static String humanSize(long bytes) {
        return bytes >= 1024 * 1024
                ? String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0))
                : String.format(Locale.ROOT, "%d KB", bytes / 1024);
    }
}
