package io.momentum.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.web.ApiJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every vector of {@code test-vectors/stats.json} (computed by scipy/numpy/mpmath in
 * {@code test-vectors/generate_stats_vectors.py}, each naming its reference) through the calculator
 * entry point the CLI and HTTP route use, with the tolerance each vector states per result key.
 */
class StatsVectorsTest {
    private static final Path VECTORS = Path.of("..", "test-vectors", "stats.json");
    private static final ObjectMapper MAPPER = new ApiJson().mapper();
    private final AnalysisCalculator calculator = new AnalysisCalculator(MAPPER);

    static Stream<Arguments> vectors() throws IOException {
        JsonNode doc = MAPPER.readTree(Files.readAllBytes(VECTORS));
        List<Arguments> all = new ArrayList<>();
        doc.get("vectors").forEach(v -> all.add(Arguments.of(v.get("name").asText(), v)));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void matchesReference(String name, JsonNode vector) {
        ObjectNode request = MAPPER.createObjectNode();
        request.set("method", vector.get("method"));
        request.set("inputs", vector.get("inputs"));
        JsonNode expected = vector.get("expected");
        if (expected.has("error")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> calculator.calculate(request));
            assertTrue(e.getMessage().contains(expected.get("error").asText()),
                    "message '" + e.getMessage() + "' should mention '" + expected.get("error").asText() + "'");
            return;
        }
        JsonNode actual = calculator.calculate(request);
        assertEquals(fieldNames(expected), fieldNames(actual), "result keys (DESIGN §6)");
        expected.fieldNames().forEachRemaining(key ->
                compare(key, expected.get(key), actual.get(key), tolerance(vector.get("tolerance"), key)));
    }

    @Test
    void coversEveryCalculatorMethod() throws IOException {
        TreeSet<String> covered = new TreeSet<>();
        vectors().forEach(args -> covered.add(((JsonNode) args.get()[1]).get("method").asText()));
        assertTrue(covered.containsAll(calculator.methods()), "methods without vectors: "
                + calculator.methods().stream().filter(m -> !covered.contains(m)).toList());
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, JsonNode tolerance) {
        if (expected.isNull() || actual.isNull()) {
            assertEquals(expected.isNull(), actual.isNull(), path + ": expected " + expected + " but was " + actual);
        } else if (expected.isArray()) {
            assertTrue(actual.isArray(), path + ": expected an array, was " + actual);
            assertEquals(expected.size(), actual.size(), path + " length");
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), tolerance);
            }
        } else if (expected.isIntegralNumber()) {
            assertTrue(actual.isIntegralNumber(), path + ": expected an integer, was " + actual);
            assertEquals(expected.longValue(), actual.longValue(), path);
        } else if (expected.isNumber()) {
            double want = expected.doubleValue();
            double got = actual.doubleValue();
            double allowed = tolerance.get("abs").doubleValue() + tolerance.get("rel").doubleValue() * Math.abs(want);
            if (!(Math.abs(got - want) <= allowed)) {
                fail(path + ": expected " + want + " but was " + got + " (|diff| " + Math.abs(got - want)
                        + " > allowed " + allowed + ")");
            }
        } else {
            assertEquals(expected, actual, path);
        }
    }

    private static JsonNode tolerance(JsonNode tolerances, String key) {
        return tolerances.has(key) ? tolerances.get(key) : tolerances.get("*");
    }

    private static TreeSet<String> fieldNames(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
