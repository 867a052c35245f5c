package io.momentum.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** The repository's JSON Schema, and YAML files turned into JSON the way the loader sees them. */
final class SchemaFixture {
    static final Path SCHEMA = Path.of("..", "experiments", "schema.json");

    private SchemaFixture() {
    }

    static JsonNode schemaJson() {
        try {
            return new ObjectMapper().readTree(Files.readString(SCHEMA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonSchema schema() {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson());
    }

    /** The file as JSON, or empty when it is not YAML the loader can parse. */
    static Optional<JsonNode> asJson(Path file) {
        Problems problems = new Problems(file.toString());
        return YamlSource.read(file, problems).map(root -> new JsonFromYaml(problems).convert(root, "file"))
                .filter(json -> problems.isEmpty());
    }

    static Set<ValidationMessage> validate(JsonNode json) {
        return schema().validate(json);
    }
}
