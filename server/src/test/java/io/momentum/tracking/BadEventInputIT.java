package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.reporting.GoalCounts;
import io.momentum.reporting.VariantCounts;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input gets a clear 4xx JSON error, and nothing of a rejected item reaches Redis. */
class BadEventInputIT {
    private static final String OK_PREFIX = "{\"type\":\"conversion\",\"id\":\"bad\",\"visitor\":\"v1\",\"goal\":\"signup\"";

    @TempDir
    static Path tmp;
    static TrackingServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TrackingServer.onEmbeddedStores(tmp);
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static Stream<Arguments> badBodies() {
        String manyItems = "{\"events\":[" + String.join(",", Collections.nCopies(100_000, "{}")) + "]}";
        String tooManyValid = "{\"events\":[" + String.join(",", Collections.nCopies(501, OK_PREFIX + "}")) + "]}";
        String tenMegabytes = "{\"events\":[{\"type\":\"exposure\",\"visitor\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}]}";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"events\": [", 400, "not valid JSON"),
                Arguments.of("trailing garbage", "{\"events\": []} x", 400, "not valid JSON"),
                Arguments.of("not an envelope", "[1, 2]", 400, "{\\\"events\\\": [...]}"),
                Arguments.of("events not an array", "{\"events\": {}}", 400, "{\\\"events\\\": [...]}"),
                Arguments.of("empty body", "", 400, ""),
                Arguments.of("item not an object", "{\"events\": [42]}", 400, "must be a JSON object"),
                Arguments.of("unknown type", "{\"events\": [{\"type\":\"purchase\",\"visitor\":\"v\"}]}", 400, "type must be one of"),
                Arguments.of("visitor is a number", "{\"events\": [{\"type\":\"exposure\",\"visitor\":7,\"experiment\":\"pricing-hero\"}]}", 400, "visitor must be a string"),
                Arguments.of("visitor too long", "{\"events\": [{\"type\":\"exposure\",\"visitor\":\"" + "v".repeat(129) + "\",\"experiment\":\"pricing-hero\"}]}", 400, "visitor id must have at most 128"),
                Arguments.of("$gt object as visitor", "{\"events\": [{\"type\":\"exposure\",\"visitor\":{\"$gt\":\"\"},\"experiment\":\"pricing-hero\"}]}", 400, "visitor must be a string"),
                Arguments.of("$where object as goal", "{\"events\": [{\"type\":\"conversion\",\"visitor\":\"v\",\"goal\":{\"$where\":\"1\"}}]}", 400, "goal must be a string"),
                Arguments.of("experiment id with capitals", "{\"events\": [{\"type\":\"exposure\",\"visitor\":\"v\",\"experiment\":\"Pricing\"}]}", 400, "experiment must be"),
                Arguments.of("negative value", "{\"events\": [" + OK_PREFIX + ",\"value\":-1}]}", 400, "value must be >= 0"),
                Arguments.of("huge value", "{\"events\": [" + OK_PREFIX + ",\"value\":1e12}]}", 400, "value must be at most"),
                Arguments.of("value as string", "{\"events\": [" + OK_PREFIX + ",\"value\":\"12\"}]}", 400, "value must be a number"),
                Arguments.of("NaN value", "{\"events\": [" + OK_PREFIX + ",\"value\":NaN}]}", 400, "not valid JSON"),
                Arguments.of("bad id charset", "{\"events\": [{\"type\":\"conversion\",\"id\":\"a b\",\"visitor\":\"v\",\"goal\":\"signup\"}]}", 400, "id must be"),
                Arguments.of("score out of range", "{\"events\": [{\"type\":\"survey\",\"visitor\":\"v\",\"experiment\":\"nps-widget\",\"score\":11}]}", 400, "score must be"),
                Arguments.of("survey without answer", "{\"events\": [{\"type\":\"survey\",\"visitor\":\"v\",\"experiment\":\"nps-widget\"}]}", 400, "needs a score"),
                Arguments.of("bad timestamp", "{\"events\": [" + OK_PREFIX + ",\"timestamp\":\"yesterday\"}]}", 400, "timestamp must be"),
                Arguments.of("deep nesting", "{\"events\": [" + "[".repeat(100) + "]".repeat(100) + "]}", 400, "nested deeper than 64 levels"),
                Arguments.of("100k-event batch", manyItems, 413, "at most 500 events"),
                Arguments.of("501 valid events", tooManyValid, 413, "at most 500 events"),
                Arguments.of("10 MB body", tenMegabytes, 413, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void answersBadInputWithA4xxJsonErrorAndWritesNothing(String name, String body, int status, String message) throws Exception {
        HttpResponse<String> response = s.post(body);

        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{\"error\":{\"code\":"), response.body());
        assertTrue(response.body().contains(message), response.body());
        assertEquals(GoalCounts.NONE, s.goals("signup").get("signup"));
        assertEquals(0, s.counters(TrackingFixtures.HERO).variants().stream().mapToLong(VariantCounts::exposures).sum());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupportedTypes")
    void refusesOtherContentTypes(String contentType) {
        HttpResponse<String> response = s.http.post("/v1/events", contentType, "{\"events\": []}");

        assertEquals(415, response.statusCode(), response.body());
    }

    static Stream<String> unsupportedTypes() {
        return Stream.of("application/xml", "multipart/form-data; boundary=x");
    }
}
