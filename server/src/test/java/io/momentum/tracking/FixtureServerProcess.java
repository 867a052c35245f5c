package io.momentum.tracking;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new FixtureServerProcess(process, Integer.parseInt(m.group(1)));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("server did not start; its log:\n" + Files.readString(log));
    }
}
