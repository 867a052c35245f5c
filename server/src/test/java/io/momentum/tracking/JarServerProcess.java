package io.momentum.tracking;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real product, {@code java -jar target/momentum.jar serve} (built by the package phase, before the integration
 * tests), as a process tests can SIGKILL: fixture-friendly flags, the admin token of {@link TrackingServer}, its
 * output in a log file, and the port it logged.
 */
record JarServerProcess(Process process, int port, Path log) {
    static final Path JAR = Path.of("target", "momentum.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    /** Starts {@code serve} on {@code data} with {@code env} added (e.g. REDIS_URL, MONGO_URI) and waits until it listens. */
    static JarServerProcess start(Path experiments, Path data, Path log, Map<String, String> env, String... extraArgs) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the integration tests run after `package`");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-jar", JAR.toString(), "serve", "--port", "0", "--host", "127.0.0.1",
                "--rate-limit", "0", "--require-exposure-tokens", "false", "--experiments", experiments.toString(),
                "--data-dir", data.toString()));
        command.addAll(List.of(extraArgs));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MOMENTUM_ADMIN_TOKEN", TrackingServer.ADMIN_TOKEN);
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            int port = await("the server logs the port it listens on").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> loggedPort(log, process), p -> p > 0);
            return new JarServerProcess(process, port, log);
        } catch (RuntimeException e) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("server did not start: " + e.getMessage() + "\nits log:\n" + Files.readString(log), e);
        }
    }

    private static int loggedPort(Path log, Process process) throws IOException {
        Matcher m = LISTENING.matcher(Files.readString(log));
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("the server process exited with code " + process.exitValue());
        }
        return 0;
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, and wait for the graceful stop (SIGKILL after 60 s). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
