package io.momentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AnalyzeCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Run(int exitCode, List<JsonNode> lines) {
    }

    private static Run analyze(String... stdinLines) throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream((String.join("\n", stdinLines) + "\n").getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new CommandLine(new AnalyzeCommand(in, new PrintStream(out, true, StandardCharsets.UTF_8))).execute();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(MAPPER.readTree(line));
            }
        }
        return new Run(exit, lines);
    }

    @Test
    void answersEveryLineInOrderAndCarriesOnAfterBadOnes() throws Exception {
        Run run = analyze(
                "{\"id\": 1, \"method\": \"two_proportion_z_test\", \"inputs\": {\"control\": {\"visitors\": 1000, \"conversions\": 100},"
                        + " \"treatment\": {\"visitors\": 1000, \"conversions\": 120}}}",
                "{\"id\": 2, \"method\": \"two_proportion_z_test\", \"inputs\": {broken",
                "",
                "{\"id\": \"three\", \"method\": \"coin_flip\", \"inputs\": {}}",
                "{\"id\": 4, \"method\": \"welch_t_test\", \"inputs\": {\"control\": {\"n\": -5, \"sum\": 0, \"sum_squares\": 0},"
                        + " \"treatment\": {\"n\": 3, \"sum\": 6, \"sum_squares\": 14}}}",
                "[1, 2, 3]",
                "{\"id\": 6, \"method\": \"holm_bonferroni\", \"inputs\": {\"p_values\": [0.01, 0.04, 0.03]}}");

        assertEquals(0, run.exitCode());
        assertEquals(6, run.lines().size(), "one output line per non-blank input line");
        JsonNode z = run.lines().get(0);
        assertEquals(1, z.get("id").asInt());
        assertEquals(0.02, z.get("result").get("diff").asDouble(), 1e-12);
        assertTrue(z.get("result").get("lift").isNumber());
        assertTrue(run.lines().get(1).get("error").asText().startsWith("malformed JSON"), run.lines().get(1).toString());
        assertTrue(run.lines().get(1).get("id").isNull(), "a line that cannot be parsed has no id");
        assertEquals("three", run.lines().get(2).get("id").asText());
        assertTrue(run.lines().get(2).get("error").asText().contains("unknown method \"coin_flip\""));
        assertTrue(run.lines().get(3).get("error").asText().contains("-5"), run.lines().get(3).toString());
        assertTrue(run.lines().get(4).get("error").asText().contains("JSON object"), run.lines().get(4).toString());
        assertEquals(0.06, run.lines().get(5).get("result").get("adjusted").get(1).asDouble(), 1e-12, "Holm: 0.04 is capped by the larger step before it");
    }

    @Test
    void writesUndefinedQuantitiesAsNull() throws Exception {
        Run run = analyze("{\"id\": 1, \"method\": \"two_proportion_z_test\", \"inputs\": {\"control\": {\"visitors\": 500, \"conversions\": 0},"
                + " \"treatment\": {\"visitors\": 500, \"conversions\": 7}}}");
        JsonNode result = run.lines().get(0).get("result");
        assertTrue(result.has("lift") && result.get("lift").isNull(), result.toString());
        assertTrue(result.has("ci_lift") && result.get("ci_lift").isNull(), result.toString());
        assertEquals(2, result.get("ci_diff").size(), "a CI is [lower, upper]");
    }

    @Test
    void exitsZeroOnEmptyInput() throws Exception {
        Run run = analyze();
        assertEquals(0, run.exitCode());
        assertEquals(0, run.lines().size());
    }
}
