package io.momentum.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.momentum.reporting.ExperimentResults;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Results as CSV, one row per variant and goal. The rows are flattened from the results' own JSON tree (same
 * mapper as {@code GET .../results}), so every number is the JSON's text to the last digit; arrays become
 * {@code _low}/{@code _high} (two values) or numbered columns, nested objects {@code parent_child} columns.
 */
public final class ResultsCsv {
    private static final List<String> LEADING = List.of("experiment", "variant", "weight", "exposures", "goal");
    private static final CsvMapper CSV = new CsvMapper();

    private final ObjectMapper json;

    public ResultsCsv(ObjectMapper json) {
        this.json = json;
    }

    public String write(ExperimentResults results) {
        JsonNode tree = json.valueToTree(results);
        List<Map<String, String>> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>(LEADING);
        for (JsonNode variant : tree.path("variants")) {
            Iterator<Map.Entry<String, JsonNode>> goals = variant.path("goals").fields();
            while (goals.hasNext()) {
                Map.Entry<String, JsonNode> goal = goals.next();
                Map<String, String> row = new LinkedHashMap<>();
                row.put("experiment", tree.path("experiment").asText());
                row.put("variant", variant.path("key").asText());
                row.put("weight", text(variant.path("weight")));
                row.put("exposures", text(variant.path("exposures")));
                row.put("goal", goal.getKey());
                flatten("", goal.getValue(), row);
                columns.addAll(row.keySet());
                rows.add(row);
            }
        }
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        StringWriter out = new StringWriter();
        try (SequenceWriter writer = CSV.writer(schema.build()).writeValues(out)) {
            for (Map<String, String> row : rows) {
                writer.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CSV into a string cannot fail", e);
        }
        return out.toString();
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> row) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> flatten(prefix + field.getKey() + "_", field.getValue(), row));
        } else if (node.isArray()) {
            String name = prefix.substring(0, prefix.length() - 1);
            for (int i = 0; i < node.size(); i++) {
                String suffix = node.size() == 2 ? (i == 0 ? "_low" : "_high") : "_" + (i + 1);
                flatten(name + suffix + "_", node.get(i), row);
            }
        } else {
            row.put(prefix.substring(0, prefix.length() - 1), text(node));
        }
    }

    /** The JSON token's text: numbers exactly as the JSON writes them, null as an empty cell. */
    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? "" : node.asText();
    }
}
