package io.momentum.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A random secret kept in a file readable by the server's user only (0600), created on first use, so it
 * survives restarts without being configured: the exposure token key, the embedded Redis password.
 */
public final class SecretFile {
    private static final int BYTES = 32;

    private SecretFile() {
    }

    /** The secret in {@code file} (64 hex characters), creating it and its directory (0700) when missing. */
    public static String loadOrCreate(Path file) {
        try {
            DataDir.create(file.getParent());
            if (!Files.exists(file)) {
                byte[] secret = new byte[BYTES];
                new SecureRandom().nextBytes(secret);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, HexFormat.of().formatHex(secret), StandardCharsets.US_ASCII);
                } catch (FileAlreadyExistsException raced) {
                    // another server on the same data dir made it first: use theirs
                }
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (text.length() < 32) {
                throw new IllegalStateException(file + " must hold a secret of at least 32 characters");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the secret " + file, e);
        }
    }
}
