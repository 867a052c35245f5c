package io.momentum.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Typed, checked access to one JSON object of calculator inputs. Every error names the full path
 * of the field ({@code inputs.control.visitors}) and what was wrong with it; unknown fields are
 * rejected so that a typo ({@code "alpah"}) never silently falls back to a default.
 */
final class Inputs {
    private final JsonNode node;
    private final String path;

    private Inputs(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Inputs of(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(path + " must be a JSON object, was " + describe(node));
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown field " + path + "." + name + "; expected one of " + new TreeSet<>(allowed));
            }
        }
        return new Inputs(node, path);
    }

    /** Builds a value from this object's fields; a rejection by the value's own checks names this object's path. */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    Inputs object(String key, Set<String> allowed) {
        return of(required(key), path + "." + key, allowed);
    }

    long count(String key) {
        return count(required(key), path + "." + key);
    }

    double number(String key) {
        return number(required(key), path + "." + key);
    }

    double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(path + "." + key + " must be true or false, was " + describe(value));
        }
        return value.booleanValue();
    }

    String text(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(path + "." + key + " must be a string, was " + describe(value));
        }
        return value.textValue();
    }

    List<Long> counts(String key) {
        return list(key, Inputs::count);
    }

    List<Double> numbers(String key) {
        return list(key, Inputs::number);
    }

    List<Inputs> objects(String key, Set<String> allowed) {
        return list(key, (element, elementPath) -> of(element, elementPath, allowed));
    }

    private <T> List<T> list(String key, ElementReader<T> reader) {
        JsonNode array = required(key);
        String arrayPath = path + "." + key;
        if (!array.isArray()) {
            throw new IllegalArgumentException(arrayPath + " must be an array, was " + describe(array));
        }
        List<T> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            values.add(reader.read(array.get(i), arrayPath + "[" + i + "]"));
        }
        return values;
    }

    /** Reads one element of an array; the path names it for error messages. */
    private interface ElementReader<T> {
        T read(JsonNode element, String elementPath);
    }

    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    private JsonNode required(String key) {
        if (!has(key)) {
            throw new IllegalArgumentException(path + "." + key + " is required");
        }
        return node.get(key);
    }

    private static long count(JsonNode value, String path) {
        boolean integral = value.isIntegralNumber() && value.canConvertToLong()
                || value.isFloatingPointNumber() && value.doubleValue() == Math.rint(value.doubleValue())
                && Math.abs(value.doubleValue()) < 9.0e15;
        if (!integral) {
            throw new IllegalArgumentException(path + " must be a whole number, was " + describe(value));
        }
        long count = value.asLong();
        if (count < 0) {
            throw new IllegalArgumentException(path + " must be >= 0, was " + count);
        }
        return count;
    }

    private static double number(JsonNode value, String path) {
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new IllegalArgumentException(path + " must be a number, was " + describe(value));
        }
        return value.doubleValue();
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
