package io.momentum.assignment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Layer;
import io.momentum.experiment.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs {@code test-vectors/assignment.json} (shared with the JavaScript tests) against the Java engine. */
class AssignmentVectorsTest {
    static final Path VECTORS = Path.of("..", "test-vectors", "assignment.json");
    private static final double RANGE_TOLERANCE = 1e-9;

    static JsonNode section(String name) {
        try {
            return new ObjectMapper().readTree(VECTORS.toFile()).get(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> rows(String name) {
        return StreamSupport.stream(section(name).spliterator(), false).map(row -> Arguments.of(row));
    }

    static Stream<Arguments> hash() {
        return rows("hash");
    }

    static Stream<Arguments> inLayer() {
        return rows("in_layer");
    }

    static Stream<Arguments> bucketRanges() {
        return rows("bucket_ranges");
    }

    static Stream<Arguments> normalisedWeights() {
        return rows("normalised_weights");
    }

    static Stream<Arguments> chooseVariant() {
        return rows("choose_variant");
    }

    static Stream<Arguments> experiments() {
        return rows("experiments");
    }

    @ParameterizedTest
    @MethodSource
    void hash(JsonNode row) {
        OptionalDouble actual = VisitorHash.hash(row.get(0).asText(), row.get(1).asText(), row.get(2).asInt());
        JsonNode expected = row.get(3);
        if (expected.isNull()) {
            assertTrue(actual.isEmpty(), row.toString());
        } else {
            assertEquals(expected.asDouble(), actual.orElseThrow(), 0.0, row.toString());
        }
    }

    @ParameterizedTest
    @MethodSource
    void inLayer(JsonNode row) {
        JsonNode ns = row.get(2);
        Layer layer = new Layer(ns.get(0).asText(), ns.get(1).asDouble(), ns.get(2).asDouble());
        assertEquals(row.get(3).asBoolean(), VisitorHash.inLayer(row.get(1).asText(), layer), row.toString());
    }

    @ParameterizedTest
    @MethodSource
    void bucketRanges(JsonNode row) {
        JsonNode args = row.get(1);
        double[] weights = args.get(2).isNull() ? null : doubles(args.get(2));
        List<BucketRange> actual = TrafficSplit.growthBook(args.get(0).asInt(), args.get(1).asDouble(), weights).ranges();
        JsonNode expected = row.get(2);
        assertEquals(expected.size(), actual.size(), row.toString());
        for (int i = 0; i < actual.size(); i++) {
            assertEquals(expected.get(i).get(0).asDouble(), actual.get(i).start(), RANGE_TOLERANCE, row.toString());
            assertEquals(expected.get(i).get(1).asDouble(), actual.get(i).end(), RANGE_TOLERANCE, row.toString());
        }
    }

    @ParameterizedTest
    @MethodSource
    void normalisedWeights(JsonNode row) {
        assertArrayEquals(doubles(row.get(2)), TrafficSplit.normalise(doubles(row.get(1))), 1e-12, row.toString());
    }

    @ParameterizedTest
    @MethodSource
    void chooseVariant(JsonNode row) {
        List<BucketRange> ranges = new ArrayList<>();
        row.get(2).forEach(r -> ranges.add(new BucketRange(r.get(0).asDouble(), r.get(1).asDouble())));
        assertEquals(row.get(3).asInt(), new TrafficSplit(ranges).variantIndex(row.get(1).asDouble()), row.toString());
    }

    @ParameterizedTest
    @MethodSource
    void experiments(JsonNode row) {
        Experiment experiment = experimentFrom(row.get(1));
        Optional<String> actual = VariantAssigner.bucketVariant(experiment, row.get(2).asText()).map(Variant::key);
        assertEquals(Optional.ofNullable(row.get(3).isNull() ? null : row.get(3).asText()), actual, row.get(0).asText());
    }

    /** The language-neutral experiment shape of the vectors: id, seed, coverage, layer, variants. */
    static Experiment experimentFrom(JsonNode json) {
        String id = json.get("id").asText();
        List<Variant> variants = new ArrayList<>();
        json.get("variants").forEach(v -> variants.add(TestExperiments.variant(v.get("key").asText(), v.get("weight").asDouble())));
        Experiment e = TestExperiments.withVariants(TestExperiments.running(id), variants.toArray(Variant[]::new));
        e = TestExperiments.withCoverage(e, json.path("coverage").asDouble(1));
        e = TestExperiments.withSeed(e, json.path("seed").asText(id));
        JsonNode layer = json.get("layer");
        if (layer != null) {
            e = TestExperiments.inLayer(e, layer.get("name").asText(), layer.get("start").asDouble(), layer.get("end").asDouble());
        }
        return e;
    }

    static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
