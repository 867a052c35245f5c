package io.momentum.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns a YAML subtree (a variant payload, or a whole file for the JSON Schema) into JSON with a budget:
 * aliases are expanded, so the number of values and the depth are bounded, and a bomb stops with one problem.
 */
final class JsonFromYaml {
    /** Values produced per file after expanding aliases; a file of 1 MB has at most about 300,000 written ones. */
    static final int MAX_VALUES = 100_000;
    /** The same depth the HTTP API accepts for JSON bodies. */
    static final int MAX_DEPTH = 64;

    private final Problems problems;
    private int produced;
    private boolean exhausted;

    JsonFromYaml(Problems problems) {
        this.problems = problems;
    }

    JsonNode convert(Node node, String path) {
        return convert(node, path, 0);
    }

    private JsonNode convert(Node node, String path, int depth) {
        if (exhausted) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (++produced > MAX_VALUES || depth > MAX_DEPTH) {
            exhausted = true;
            problems.at(node, depth > MAX_DEPTH
                    ? path + " is nested more than " + MAX_DEPTH + " levels deep (a YAML alias that refers to itself?)"
                    : "the file expands to more than " + MAX_VALUES + " values (too many YAML aliases?)");
            return JsonNodeFactory.instance.nullNode();
        }
        if (node instanceof MappingNode mapping) {
            return object(mapping, path, depth);
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            int i = 0;
            for (Node item : sequence.getValue()) {
                array.add(convert(item, path + "[" + i++ + "]", depth + 1));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    private ObjectNode object(MappingNode mapping, String path, int depth) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key) || YamlMapping.isNull(tuple.getKeyNode())) {
                problems.at(tuple.getKeyNode(), "keys in " + path + " must be plain text, found " + YamlMapping.describe(tuple.getKeyNode()));
                continue;
            }
            String name = key.getValue();
            if (object.has(name)) {
                problems.at(key, "key \"" + YamlMapping.shorten(name) + "\" appears twice in " + path + "; keep one");
                continue;
            }
            object.set(name, convert(tuple.getValueNode(), path + "." + name, depth + 1));
        }
        return object;
    }

    private static JsonNode scalar(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        String value = scalar.getValue();
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (tag.equals(Tag.NULL)) {
            return json.nullNode();
        }
        if (tag.equals(Tag.BOOL)) {
            return json.booleanNode(Boolean.parseBoolean(value.toLowerCase(Locale.ROOT)));
        }
        try {
            if (tag.equals(Tag.INT)) {
                BigInteger integer = new BigInteger(value.replace("+", ""));
                return integer.bitLength() < 64 ? json.numberNode(integer.longValue()) : json.numberNode(integer);
            }
            if (tag.equals(Tag.FLOAT)) {
                double number = new BigDecimal(value.replace("+", "")).doubleValue();
                return Double.isFinite(number) ? json.numberNode(number) : json.textNode(value);
            }
        } catch (NumberFormatException e) {
            return json.textNode(value); // .inf / .nan have no JSON form; keep what was written
        }
        return json.textNode(value);
    }
}
