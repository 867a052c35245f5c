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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package structure, checked on the compiled classes (every class, member reference and descriptor in
 * their constant pools): the pure core ({@code stats}, {@code assignment}) touches no network, store, clock,
 * randomness or environment; the packages depend on each other without cycles and nothing depends on the
 * root wiring; the store drivers are used only by the adapters.
 */
class ArchitectureTest {
    private static final Path CLASSES = Path.of("target", "classes", "io", "momentum");
    /** The package of the classes directly under {@code io/momentum}: {@code Main} and the wiring. */
    private static final String ROOT = "(root)";
    private static final Pattern MOMENTUM_TYPE = Pattern.compile("io/momentum/(\\w+)(/?)");
    private static final List<String> DRIVERS = List.of("io/lettuce/", "com/mongodb/", "org/bson/");
    private static final Set<String> DRIVER_PACKAGES = Set.of("storage", "tracking", ROOT);
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
    void packagesDependOnEachOtherWithoutCycles() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.size() > 10, "packages not found under " + CLASSES.toAbsolutePath() + ": " + graph.keySet());
        assertEquals(List.of(), cycles(graph), () -> "package cycles; the dependencies are:" + System.lineSeparator() + describe(graph));
    }

    @Test
    void nothingDependsOnTheRootWiring() throws IOException {
        List<String> dependents = packageGraph().entrySet().stream()
                .filter(e -> !e.getKey().equals(ROOT) && e.getValue().contains(ROOT)).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), dependents);
    }

    @Test
    void storeDriversAreUsedOnlyByTheAdapters() throws IOException {
        List<String> violations = new ArrayList<>();
        forEachClass((pkg, name, bytes) -> {
            if (!DRIVER_PACKAGES.contains(pkg)) {
                for (String text : ConstantPool.parse(bytes).utf8) {
                    if (text != null && DRIVERS.stream().anyMatch(text::contains)) {
                        violations.add(pkg + "/" + name + ": uses " + text);
                    }
                }
            }
        });
        assertEquals(List.of(), violations);
    }

    @Test
    void findsAPlantedCycleAndOnlyIt() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "web", Set.of("domain"),
                "tracking", Set.of("reporting", "web"),
                "reporting", Set.of("experiment"),
                "experiment", Set.of("tracking", "domain"),
                "domain", Set.of(),
                "assign", Set.of("assign")));
        assertEquals(List.of(List.of("experiment", "reporting", "tracking")), cycles(graph));
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

    /** Per package, the other packages of io.momentum its classes reference. */
    private static Map<String, Set<String>> packageGraph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        forEachClass((pkg, name, bytes) -> {
            Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
            for (String text : ConstantPool.parse(bytes).utf8) {
                if (text == null) {
                    continue;
                }
                Matcher m = MOMENTUM_TYPE.matcher(text);
                while (m.find()) {
                    String used = m.group(2).isEmpty() ? ROOT : m.group(1);
                    if (!used.equals(pkg)) {
                        uses.add(used);
                    }
                }
            }
        });
        return graph;
    }

    /** Every strongly connected group of two or more packages (Tarjan), each sorted, in sorted order. */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<List<String>> found = new ArrayList<>();
        for (String node : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, found);
            }
        }
        found.sort(Comparator.comparing(List::toString));
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, Set<String> onStack, List<List<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                Collections.sort(component);
                found.add(component);
            }
        }
    }

    private static String describe(Map<String, Set<String>> graph) {
        StringBuilder text = new StringBuilder();
        graph.forEach((pkg, uses) -> text.append("  ").append(pkg).append(" -> ").append(String.join(", ", uses)).append(System.lineSeparator()));
        return text.toString();
    }

    /** A compiled class: its package (first segment under io/momentum, or {@link #ROOT}), file name and bytes. */
    private interface ClassVisitor {
        void visit(String pkg, String name, byte[] bytes);
    }

    private static void forEachClass(ClassVisitor visitor) throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            files.filter(f -> f.toString().endsWith(".class")).sorted().forEach(f -> {
                Path relative = CLASSES.relativize(f);
                String pkg = relative.getNameCount() == 1 ? ROOT : relative.getName(0).toString();
                visitor.visit(pkg, f.getFileName().toString(), read(f));
            });
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
