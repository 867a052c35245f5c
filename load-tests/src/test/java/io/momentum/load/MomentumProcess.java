package io.momentum.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Momentum server in its own JVM ({@code java -jar momentum.jar serve}) on a free loopback port with embedded
 * stores, so load and server never share a JVM. Its log goes to a file; the base URL is read from the
 * "listening on" line.
 */
public final class MomentumProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final String baseUrl;

    private MomentumProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts the jar and returns once it is listening; fails with the log's path if it does not. */
    public static MomentumProcess start(Path jar, Path experiments, Path dataDir, Path log) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build the server first (mvn -B -DskipTests package)");
        }
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString(),
                "serve", "--port", "0", "--host", "127.0.0.1", "--rate-limit", "0", "--require-exposure-tokens", "false",
                "--experiments", experiments.toString(), "--data-dir", dataDir.toString()))
                .redirectErrorStream(true)
                .start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread pump = new Thread(() -> copyLog(process, log, listening), "momentum-log-" + log.getFileName());
        pump.setDaemon(true);
        pump.start();
        try {
            return new MomentumProcess(process, listening.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while starting the server", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not start within " + STARTUP_TIMEOUT.toSeconds() + " s, see " + log, e);
        }
    }

    private static void copyLog(Process process, Path log, CompletableFuture<String> listening) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.println(line);
                Matcher matcher = LISTENING.matcher(line);
                if (!listening.isDone() && matcher.find()) {
                    listening.complete(matcher.group(1));
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        } finally {
            listening.completeExceptionally(new IllegalStateException("the server's output ended before it was listening"));
        }
    }

    /**
     * Warms the server's JIT with {@code requests} untracked page views spread over {@code pages} (nothing is
     * counted), so a short run measures the server rather than its first seconds in the interpreter. Fails when
     * a warm-up request is not answered 200.
     */
    public void warmUp(List<String> pages, int requests) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < requests; i++) {
            String page = URLEncoder.encode(pages.get(i % pages.size()), StandardCharsets.UTF_8);
            URI uri = URI.create(baseUrl + "/v1/assign?track=false&visitor=warm-up-" + i + "&url=" + page);
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("warm-up request " + uri + " answered " + response.statusCode());
            }
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** SIGTERM (graceful shutdown), then a hard kill if it is still running after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
