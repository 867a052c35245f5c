package io.momentum.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.web.ApiJson;
import io.momentum.stats.ConfidenceSequence;
import io.momentum.stats.Interval;
import io.momentum.stats.MantelHaenszelDifference;
import io.momentum.stats.NetPromoterScore;
import io.momentum.stats.MixtureSampleSize;
import io.momentum.stats.Moments;
import io.momentum.stats.RelativeLift;
import io.momentum.stats.SampleSize;
import io.momentum.stats.NormalMixtureSprt;
import io.momentum.stats.Proportion;
import io.momentum.stats.StratifiedDifference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every vector of {@code test-vectors/stats.json} (computed by scipy/numpy/mpmath in
 * {@code test-vectors/generate_stats_vectors.py}, each naming its reference) through the calculator
 * entry point the CLI and HTTP route use (or, for the statistics only the results use, the stats class
 * itself), with the tolerance each vector states per result key.
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
        JsonNode actual = DIRECT.contains(vector.get("method").asText())
                ? direct(vector.get("method").asText(), vector.get("inputs"))
                : calculator.calculate(request);
        assertEquals(fieldNames(expected), fieldNames(actual), "result keys (DESIGN §6)");
        expected.fieldNames().forEachRemaining(key ->
                compare(key, expected.get(key), actual.get(key), tolerance(vector.get("tolerance"), key)));
    }

    /**
     * Statistics the results use that the calculator does not offer: their vectors call the stats classes
     * directly with the same inputs and result keys.
     */
    private static final Set<String> DIRECT = Set.of("normal_mixture_sprt", "stratified_difference", "confidence_sequence",
            "relative_lift_of_means", "mixture_sample_size", "sample_size_means", "mantel_haenszel_difference", "nps_over_exposed");

    private JsonNode direct(String method, JsonNode in) {
        ObjectNode out = MAPPER.createObjectNode();
        if (method.equals("normal_mixture_sprt")) {
            return out.put("p_value", NormalMixtureSprt.pValue(in.get("difference").asDouble(), in.get("variance").asDouble(),
                    in.get("tau2").asDouble()));
        }
        if (method.equals("relative_lift_of_means")) {
            Interval ci = RelativeLift.ofMeans(moments(in.get("control")), moments(in.get("treatment")), in.get("alpha").asDouble());
            if (ci == null) {
                return out.putNull("ci_lift");
            }
            out.putArray("ci_lift").add(ci.lower()).add(ci.upper());
            return out;
        }
        if (method.equals("sample_size_means")) {
            return out.put("n_per_arm", SampleSize.perArmForMeans(in.get("delta").asDouble(), in.get("sigma2").asDouble(),
                    in.get("alpha").asDouble(), in.get("power").asDouble()));
        }
        if (method.equals("mixture_sample_size")) {
            double delta = in.get("delta").asDouble();
            double sigma2 = in.get("sigma2").asDouble();
            double tau2 = in.get("tau2").asDouble();
            double alpha = in.get("alpha").asDouble();
            Long n = MixtureSampleSize.perArm(delta, sigma2, tau2, alpha, in.get("power").asDouble());
            return out.put("n_per_arm", n).put("power_at_n", MixtureSampleSize.powerAt(delta, sigma2, tau2, alpha, n));
        }
        if (method.equals("confidence_sequence")) {
            Interval ci = ConfidenceSequence.interval(in.get("difference").asDouble(), in.get("variance").asDouble(),
                    in.get("tau2").asDouble(), in.get("alpha").asDouble());
            if (ci == null) {
                return out.putNull("ci_diff");
            }
            out.putArray("ci_diff").add(ci.lower()).add(ci.upper());
            return out;
        }
        if (method.equals("nps_over_exposed")) {
            return calculator.mapper().valueToTree(NetPromoterScore.compareOverExposed(counts(in.get("control_counts_by_score_0_to_10")),
                    in.get("control_exposed").asLong(), counts(in.get("treatment_counts_by_score_0_to_10")),
                    in.get("treatment_exposed").asLong(), in.get("alpha").asDouble()));
        }
        if (method.equals("mantel_haenszel_difference")) {
            List<StratifiedDifference.Stratum> strata = new ArrayList<>();
            in.get("strata").forEach(s -> strata.add(new StratifiedDifference.Stratum(proportion(s.get("control")),
                    proportion(s.get("treatment")))));
            MantelHaenszelDifference.Estimate e = MantelHaenszelDifference.estimate(strata);
            double alpha = in.get("alpha").asDouble();
            out.put("control_rate", e.controlRate()).put("control_variance", e.controlVariance())
                    .put("treatment_rate", e.treatmentRate()).put("treatment_variance", e.treatmentVariance())
                    .put("diff", e.diff()).put("variance", e.variance()).put("p_value", e.pValue())
                    .put("chance_to_beat_control", e.chanceToBeatControl()).put("expected_loss", e.expectedLoss());
            Interval ciDiff = e.ciDiff(alpha);
            out.putArray("ci_diff").add(ciDiff.lower()).add(ciDiff.upper());
            Interval ciLift = e.ciLift(alpha);
            if (e.lift() == null) {
                out.putNull("lift");
                out.putNull("ci_lift");
            } else {
                out.put("lift", e.lift());
                out.putArray("ci_lift").add(ciLift.lower()).add(ciLift.upper());
            }
            return out;
        }
        List<StratifiedDifference.Stratum> strata = new ArrayList<>();
        in.get("strata").forEach(s -> strata.add(new StratifiedDifference.Stratum(proportion(s.get("control")),
                proportion(s.get("treatment")))));
        StratifiedDifference.Estimate e = StratifiedDifference.estimate(strata);
        Interval ci = e.ciDiff(in.get("alpha").asDouble());
        out.put("diff", e.diff()).put("variance", e.variance()).put("control_rate", e.controlRate()).put("p_value", e.pValue());
        out.putArray("ci_diff").add(ci.lower()).add(ci.upper());
        return out;
    }

    private static List<Long> counts(JsonNode array) {
        List<Long> counts = new ArrayList<>();
        array.forEach(c -> counts.add(c.asLong()));
        return counts;
    }

    private static Moments moments(JsonNode arm) {
        return new Moments(arm.get("n").asLong(), arm.get("sum").asDouble(), arm.get("sum_squares").asDouble());
    }

    private static Proportion proportion(JsonNode arm) {
        return new Proportion(arm.get("visitors").asLong(), arm.get("conversions").asLong());
    }

    @Test
    void coversTheDirectStatistics() throws IOException {
        TreeSet<String> covered = new TreeSet<>();
        vectors().forEach(args -> covered.add(((JsonNode) args.get()[1]).get("method").asText()));
        assertTrue(covered.containsAll(DIRECT), "direct statistics without vectors");
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
