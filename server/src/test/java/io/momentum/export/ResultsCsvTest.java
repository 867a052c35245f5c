package io.momentum.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.momentum.reporting.ExperimentResults;
import io.momentum.reporting.ReportingFixtures;
import io.momentum.web.ApiJson;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CSV export holds exactly the JSON results' numbers: every cell equals its JSON value to the last digit. */
class ResultsCsvTest {
    private final ApiJson json = new ApiJson();
    /** Reads the JSON's decimals as written (BigDecimal), so the comparison is exact, not within a tolerance. */
    private final ObjectMapper exact = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Test
    void everyCellEqualsTheJsonValueExactly() throws Exception {
        ExperimentResults results = ReportingFixtures.landingPageResults("hero, \"quoted\"", 10_007, 1_003, 9_991, 1_299);
        String text = json.encode(results).toString();
        JsonNode tree = exact.readTree(text);
        List<Map<String, String>> rows = rows(new ResultsCsv(json.mapper()).write(results));

        int goals = tree.get("variants").get(0).get("goals").size();
        assertEquals(tree.get("variants").size() * goals, rows.size());
        int compared = 0;
        for (Map<String, String> row : rows) {
            assertEquals("hero, \"quoted\"", row.get("experiment"), "quoting by the CSV library");
            JsonNode variant = variant(tree, row.get("variant"));
            assertSame(variant.get("exposures"), row.get("exposures"));
            assertSame(variant.get("weight"), row.get("weight"));
            JsonNode goal = variant.get("goals").get(row.get("goal"));
            var fields = goal.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (field.getValue().isArray() && field.getValue().size() == 2) {
                    assertSame(field.getValue().get(0), row.get(field.getKey() + "_low"));
                    assertSame(field.getValue().get(1), row.get(field.getKey() + "_high"));
                    compared += 2;
                } else if (field.getValue().isValueNode()) {
                    assertSame(field.getValue(), row.get(field.getKey()));
                    compared++;
                }
            }
        }
        assertTrue(compared > 40, "compared " + compared + " cells");
    }

    private static void assertSame(JsonNode expected, String cell) {
        if (expected.isNull()) {
            assertEquals("", cell);
        } else if (expected.isNumber()) {
            assertEquals(0, expected.decimalValue().compareTo(new BigDecimal(cell)), expected + " vs " + cell);
        } else {
            assertEquals(expected.asText(), cell);
        }
    }

    private static JsonNode variant(JsonNode tree, String key) {
        for (JsonNode v : tree.get("variants")) {
            if (v.get("key").asText().equals(key)) {
                return v;
            }
        }
        throw new AssertionError("no variant " + key);
    }

    static List<Map<String, String>> rows(String csv) throws Exception {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = mapper.readerFor(Map.class)
                .with(mapper.schemaWithHeader()).with(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS).readValues(csv)) {
            return it.readAll();
        }
    }
}
