package io.momentum.experiment;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML map read field by field. Unknown and repeated field names are reported when it is opened;
 * each typed getter reports a wrong type with what it expected and what it found, and returns empty,
 * so that reading goes on and every problem of the file is found in one pass.
 */
final class YamlMapping {
    private final MappingNode node;
    private final String path;
    private final Problems problems;
    private final Map<String, Node> values = new LinkedHashMap<>();

    private YamlMapping(MappingNode node, String path, List<String> allowed, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        Map<String, Node> firstKeys = new HashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar) || key.getTag().equals(Tag.NULL)) {
                problems.at(key, "field names" + where() + " must be plain words, found " + describe(key));
                continue;
            }
            String name = scalar.getValue();
            if (key.getTag().equals(Tag.MERGE)) {
                problems.at(key, "YAML merge keys (<<) are not supported; write the fields out");
            } else if (firstKeys.containsKey(name)) {
                problems.at(key, "field \"" + shorten(name) + "\" appears twice" + where() + " (first on line "
                        + (firstKeys.get(name).getStartMark().getLine() + 1) + "); keep one");
            } else if (!allowed.contains(name)) {
                firstKeys.put(name, key);
                problems.at(key, "unknown field \"" + shorten(name) + "\"" + where() + DidYouMean.hint(name, allowed)
                        + (DidYouMean.closest(name, allowed).isEmpty() ? " (allowed: " + String.join(", ", allowed) + ")" : ""));
            } else {
                firstKeys.put(name, key);
                values.put(name, tuple.getValueNode());
            }
        }
    }

    /** Opens {@code node} as a map with the given field names, or reports that it is not a map. */
    static Optional<YamlMapping> open(Node node, String path, List<String> allowed, Problems problems) {
        if (node instanceof MappingNode mapping) {
            return Optional.of(new YamlMapping(mapping, path, allowed, problems));
        }
        problems.at(node, (path.isEmpty() ? "the file" : path) + " must be a map of fields ("
                + String.join(", ", allowed.subList(0, Math.min(4, allowed.size()))) + ", ...), found " + describe(node));
        return Optional.empty();
    }

    String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        return get(name).isPresent();
    }

    /** The value of a field; an empty value ({@code field:} with nothing after it) counts as absent. */
    Optional<Node> get(String name) {
        Node value = values.get(name);
        return value == null || isNull(value) ? Optional.empty() : Optional.of(value);
    }

    /** Reports a missing required field at the start of this map. */
    Optional<Node> require(String name, String hint) {
        Optional<Node> value = get(name);
        if (value.isEmpty()) {
            Node present = values.get(name);
            problems.at(present != null ? present : node, (values.containsKey(name) ? "field \"" + path(name) + "\" is empty" : "missing field \"" + path(name) + "\"") + ": " + hint);
        }
        return value;
    }

    Optional<String> text(String name) {
        return get(name).flatMap(v -> text(v, path(name), problems));
    }

    OptionalDouble number(String name) {
        Optional<Node> value = get(name);
        return value.isEmpty() ? OptionalDouble.empty() : number(value.get(), path(name), problems);
    }

    Optional<Boolean> bool(String name) {
        Optional<Node> value = get(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            return Optional.of(Boolean.parseBoolean(s.getValue().toLowerCase(Locale.ROOT)));
        }
        problems.at(value.get(), path(name) + " must be true or false, found " + describe(value.get()));
        return Optional.empty();
    }

    Optional<YamlMapping> mapping(String name, List<String> allowed) {
        return get(name).flatMap(v -> open(v, path(name), allowed, problems));
    }

    /** A list field; a single value where a list is allowed is taken as a list of one when {@code single} is true. */
    Optional<List<Node>> list(String name, boolean single) {
        return get(name).flatMap(v -> list(v, path(name), single, problems));
    }

    private String where() {
        return path.isEmpty() ? "" : " in " + path;
    }

    // --- typed reading of single nodes ---

    static Optional<List<Node>> list(Node node, String path, boolean single, Problems problems) {
        if (node instanceof SequenceNode sequence) {
            return Optional.of(sequence.getValue());
        }
        if (single && node instanceof ScalarNode && !isNull(node)) {
            return Optional.of(List.of(node));
        }
        problems.at(node, path + " must be a list" + (single ? " or a single value" : "") + ", found " + describe(node));
        return Optional.empty();
    }

    /** Any plain value as text: {@code plan: 2026} is the text "2026", as a marketer means it. */
    static Optional<String> text(Node node, String path, Problems problems) {
        if (node instanceof ScalarNode s && !isNull(node)) {
            return Optional.of(s.getValue());
        }
        problems.at(node, path + " must be text, found " + describe(node));
        return Optional.empty();
    }

    static OptionalDouble number(Node node, String path, Problems problems) {
        if (node instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
            try {
                double value = new BigDecimal(s.getValue().replace("+", "")).doubleValue();
                if (Double.isFinite(value)) {
                    return OptionalDouble.of(value);
                }
            } catch (NumberFormatException e) {
                // .inf and .nan: fall through to the message below
            }
            problems.at(node, path + " must be a finite number, found " + describe(node));
            return OptionalDouble.empty();
        }
        problems.at(node, path + " must be a number, found " + describe(node));
        return OptionalDouble.empty();
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** What a value looks like, for "must be X, found Y" messages. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a map of fields";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode s) {
            Tag tag = s.getTag();
            if (tag.equals(Tag.NULL)) {
                return "nothing (an empty value)";
            }
            if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
                return "the number " + shorten(s.getValue());
            }
            if (tag.equals(Tag.BOOL)) {
                return "the value " + s.getValue().toLowerCase(Locale.ROOT);
            }
            return "the text \"" + shorten(s.getValue()) + "\"";
        }
        return "an unsupported value";
    }

    /** Values are echoed in messages; keep them short and on one line. */
    static String shorten(String value) {
        String oneLine = value.replaceAll("[\\p{Cntrl}]", " ");
        return oneLine.length() > 40 ? oneLine.substring(0, 40) + "..." : oneLine;
    }
}
