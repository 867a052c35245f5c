package io.momentum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pure core ({@code stats}, {@code assignment}) touches no network, store, clock, randomness or
 * environment. Checked on the compiled classes: every class, member reference and descriptor in
 * their constant pools.
 */
class ArchitectureTest {
    private static final Path CLASSES = Path.of("target", "classes", "io", "momentum");
    private static final List<String> PURE_PACKAGES = List.of("stats", "assignment");
    private static final List<String> FORBIDDEN_TYPES = List.of("io/vertx/", "io/lettuce/", "com/mongodb/", "org/bson/",
            "java/net/", "java/util/Random", "java/util/SplittableRandom", "java/util/concurrent/ThreadLocalRandom",
            "java/security/SecureRandom", "java/time/Clock", "java/io/File", "java/nio/file/");
    private static final List<String> FORBIDDEN_CALLS = List.of("java/lang/System.currentTimeMillis",
            "java/lang/System.nanoTime", "java/lang/System.getenv", "java/lang/System.getProperty", "java/lang/Math.random",
            "java/time/Instant.now", "java/time/LocalDate.now", "java/time/LocalDateTime.now", "java/time/ZonedDateTime.now",
            "java/time/OffsetDateTime.now", "java/util/UUID.randomUUID");

    @Test
    void pureCoreImportsNoIoClockOrRandomness() throws IOException {
        List<Path> scanned = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (String pkg : PURE_PACKAGES) {
            Path dir = CLASSES.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue; // the package may not exist yet on this branch
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                    scanned.add(f);
                    violations.addAll(violations(f.getFileName().toString(), read(f)));
                });
            }
        }
        assertTrue(Files.isDirectory(CLASSES.resolve("stats")), "the stats package must be compiled before this test");
        assertFalse(scanned.isEmpty());
        assertEquals(List.of(), violations);
    }

    @Test
    void detectsAClockReadInAClass() throws IOException {
        byte[] bytes;
        try (InputStream in = Violator.class.getResourceAsStream("ArchitectureTest$Violator.class")) {
            bytes = in.readAllBytes();
        }
        assertEquals(List.of("Violator: calls java/time/Instant.now"), violations("Violator", bytes));
    }

    /** Deliberately impure, so the scanner can be shown to catch it. */
    static final class Violator {
        long now() {
            return Instant.now().toEpochMilli();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> violations(String name, byte[] classFile) {
        ConstantPool pool = ConstantPool.parse(classFile);
        List<String> found = new ArrayList<>();
        for (String text : pool.utf8) {
            for (String type : FORBIDDEN_TYPES) {
                if (text != null && text.contains(type)) {
                    found.add(name.replace(".class", "") + ": uses " + text);
                }
            }
        }
        for (String call : pool.memberReferences()) {
            if (FORBIDDEN_CALLS.contains(call)) {
                found.add(name.replace(".class", "") + ": calls " + call);
            }
        }
        return found;
    }

    /** Just enough of the JVM class-file constant pool to list type names and member references. */
    private record ConstantPool(String[] utf8, int[] classNameIndex, int[][] memberRef, int[][] nameAndType) {
        static ConstantPool parse(byte[] bytes) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                in.readInt(); // magic
                in.readUnsignedShort(); // minor
                in.readUnsignedShort(); // major
                int count = in.readUnsignedShort();
                ConstantPool pool = new ConstantPool(new String[count], new int[count], new int[count][], new int[count][]);
                for (int i = 1; i < count; i++) {
                    int tag = in.readUnsignedByte();
                    switch (tag) {
                        case 1 -> pool.utf8[i] = in.readUTF();
                        case 7 -> pool.classNameIndex[i] = in.readUnsignedShort();
                        case 9, 10, 11 -> pool.memberRef[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                        case 12 -> pool.nameAndType[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                        case 3, 4, 17, 18 -> in.readInt();
                        case 5, 6 -> {
                            in.readLong();
                            i++; // 8-byte constants take two slots
                        }
                        case 8, 16, 19, 20 -> in.readUnsignedShort();
                        case 15 -> {
                            in.readUnsignedByte();
                            in.readUnsignedShort();
                        }
                        default -> throw new IllegalStateException("unknown constant pool tag " + tag);
                    }
                }
                return pool;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** {@code owner/Type.member} for every field and method reference. */
        List<String> memberReferences() {
            List<String> refs = new ArrayList<>();
            for (int[] ref : memberRef) {
                if (ref != null) {
                    String owner = utf8[classNameIndex[ref[0]]];
                    String member = utf8[nameAndType[ref[1]][0]];
                    refs.add(owner + "." + member);
                }
            }
            return refs;
        }
    }
}
