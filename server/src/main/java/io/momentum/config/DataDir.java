package io.momentum.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Creates data directories readable by the server's user only (0700): they hold counters, events and secrets. */
public final class DataDir {
    private DataDir() {
    }

    /** Creates {@code dir} and missing parents with mode 0700; an existing directory is left as it is. */
    public static Path create(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return dir;
    }
}
