package io.momentum.alerts;

import io.momentum.experiment.AlertsDefinition.SecretRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Resolves the secrets {@code alerts.yaml} refers to, from the environment (injected for tests) or a file. Blocking. */
final class Secrets {
    /** A key or a URL; a bigger file is the wrong file. */
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private final Function<String, Optional<String>> env;
    private final Path base;

    /** Relative {@code *_file} paths are read from {@code base} (the experiment directory). */
    Secrets(Function<String, Optional<String>> env, Path base) {
        this.env = env;
        this.base = base;
    }

    /** The secret's value, or a failure that says where it is referred to and what is missing. */
    String resolve(SecretRef ref, String field) {
        String value = switch (ref.source()) {
            case ENV -> env.apply(ref.name()).orElseThrow(() -> new IllegalStateException(
                    ref.at() + ": " + ref.describe(field) + " is not set in the server's environment"));
            case FILE -> read(ref, field);
        };
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalStateException(ref.at() + ": " + ref.describe(field) + " is empty");
        }
        return trimmed;
    }

    private String read(SecretRef ref, String field) {
        Path file = base.resolve(ref.name());
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalStateException(ref.at() + ": " + ref.describe(field) + " is larger than 64 KB; is it the right file?");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(ref.at() + ": " + ref.describe(field) + " cannot be read (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")");
        }
    }
}
