package io.momentum.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A store server run as a child process on a loopback port: started and waited for until it accepts connections,
 * stopped with SIGTERM (so it can flush) and then, if it hangs, killed. No JVM shutdown hook stops it: the server's
 * own graceful stop does, after the in-flight requests are answered (a hook would race them).
 */
final class StoreProcess implements AutoCloseable {
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final String name;

    private StoreProcess(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    /** Starts {@code command} with its output appended to {@code log} and returns once {@code port} accepts connections. */
    /** Whether a store that accepts connections is also ready to serve (e.g. Redis has loaded its AOF). */
    @FunctionalInterface
    interface ReadyProbe {
        boolean ready(Socket connected) throws IOException;
    }

    static StoreProcess start(String name, List<String> command, Path log, int port, Duration ready) throws IOException {
        return start(name, command, log, port, ready, connected -> true);
    }

    static StoreProcess start(String name, List<String> command, Path log, int port, Duration ready, ReadyProbe probe)
            throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + ready.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + " during startup; see " + log + ", which ends:\n"
                        + tail(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                socket.setSoTimeout(1000);
                if (probe.ready(socket)) {
                    return new StoreProcess(process, name);
                }
                throw new IOException(name + " accepts connections but is not ready yet");
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException(name + " did not accept connections on port " + port + " within " + ready + "; see " + log);
                }
                sleep();
            }
        }
    }

    private static String tail(Path log) {
        try {
            String text = java.nio.file.Files.readString(log);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Completes when the process has exited, for whatever reason. */
    java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The exit code; only once {@link #onExit()} has completed. */
    int exitCode() {
        return process.exitValue();
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a store to start", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                org.slf4j.LoggerFactory.getLogger(StoreProcess.class).warn("{} did not stop within {}, killing it", name, STOP_WAIT);
                process.destroyForcibly().waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
