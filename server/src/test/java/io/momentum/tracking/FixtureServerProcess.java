package io.momentum.tracking;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link FixtureServerMain} as a separate process (so tests can SIGKILL or SIGTERM it) and the port it logged. */
record FixtureServerProcess(Process process, int port) {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    /** Starts the server on {@code data}, logging to {@code <data's parent>/<name>.log}; extra arguments follow the data dir. */
    static FixtureServerProcess start(Path data, String name, String... extraArgs) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createDirectories(data.getParent()).resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", classpath, FixtureServerMain.class.getName(), data.toString()));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = await("the server process logs the port it listens on").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> loggedPort(log, process), p -> p > 0);
            return new FixtureServerProcess(process, port);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new AssertionError("server did not start: " + e.getMessage() + "\nits log:\n" + Files.readString(log), e);
        }
    }

    /** The port the log names, 0 while it names none; fails at once if the process has exited. */
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
}
