package io.momentum.tracking;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import io.momentum.experiment.CatalogSnapshot;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest throughput on the server's own embedded Redis (append-only file, fsync every second, as {@code serve}
 * runs by default) and embedded MongoDB: batches of 50 mixed events from concurrent loopback clients. Prints
 * events/s, latency percentiles of {@code POST /v1/events} and the writer lag; asserts only that nothing was lost.
 * Neither Surefire nor Failsafe runs it by default (its name ends in Benchmark); run it with
 * {@code mvn -pl server test -Dtest=IngestBenchmark}.
 */
class IngestBenchmark {
    private static final Duration WRITER_WINDOW = Duration.ofSeconds(10);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    private static final int VISITORS = Integer.getInteger("bench.visitors", 20_000);

    @TempDir
    Path tmp;

    @Test
    void ingestThroughputAndLatency() throws Exception {
        Random random = new Random(7);
        CatalogSnapshot catalog = TrackingFixtures.catalog(TrackingFixtures.writeExperiments(tmp.resolve("experiments")));
        EventMix warmup = new EventMix(catalog, 3_000, random, "w");
        EventMix mix = new EventMix(catalog, VISITORS, random, "m");
        try (TrackingServer s = TrackingServer.onEmbeddedStores(tmp)) {
            IngestLoad warm = new IngestLoad(s.server.port());
            warm.send(IngestLoad.batches(all(warmup), 50, 50, random), CLIENTS);

            IngestLoad load = new IngestLoad(s.server.port());
            List<List<ObjectNode>> exposureBatches = IngestLoad.batches(mix.exposures, 50, 50, random);
            List<List<ObjectNode>> outcomeBatches = IngestLoad.batches(mix.outcomes, 50, 50, random);
            long t0 = System.nanoTime();
            load.send(exposureBatches, CLIENTS);
            load.send(outcomeBatches, CLIENTS);
            long nanos = System.nanoTime() - t0;
            long lagAtEnd = s.server.tracking().writer().measureLag();
            long writtenAtEnd = s.server.tracking().writer().written();
            Thread.sleep(WRITER_WINDOW.toMillis());
            long lagAfter = s.server.tracking().writer().measureLag();
            double writerRate = (s.server.tracking().writer().written() - writtenAtEnd) * 1000.0 / WRITER_WINDOW.toMillis();
            System.out.printf("BENCHMARK ingest: %d events in %d requests of 50, %d clients: %.0f events/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                            + " writer lag at end of load %d stream entries, %d after %d s more (writer drains %.0f entries/s)%n",
                    mix.uniqueEvents(), load.latenciesMicros.size(), CLIENTS, mix.uniqueEvents() * 1e9 / nanos,
                    load.percentileMicros(0.50) / 1000.0, load.percentileMicros(0.99) / 1000.0, load.percentileMicros(1.0) / 1000.0,
                    lagAtEnd, lagAfter, WRITER_WINDOW.toSeconds(), writerRate);
            if (load.accepted.get() != mix.uniqueEvents()) {
                throw new AssertionError("accepted " + load.accepted.get() + " of " + mix.uniqueEvents());
            }
        }
    }

    private static List<ObjectNode> all(EventMix mix) {
        List<ObjectNode> events = new ArrayList<>(mix.exposures);
        events.addAll(mix.outcomes);
        return events;
    }

    /**
     * The same route loaded by {@code wrk} (a separate C process, so the load generator does not share the JVM):
     * 2 threads, 16 connections, 10 s, batches of 50 events with unique ids.
     */
    @Test
    void ingestThroughputWithWrk() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/wrk")), "wrk is not installed");
        Path script = tmp.resolve("ingest-wrk.lua");
        try (var in = IngestBenchmark.class.getResourceAsStream("ingest-wrk.lua")) {
            Files.copy(in, script);
        }
        try (TrackingServer s = TrackingServer.onEmbeddedStores(tmp)) {
            String url = "http://127.0.0.1:" + s.server.port() + "/v1/events";
            wrk(script, url, "warm", "3s");
            String output = wrk(script, url, "run", "10s");
            long lagAtEnd = s.server.tracking().writer().measureLag();
            long writtenAtEnd = s.server.tracking().writer().written();
            Thread.sleep(WRITER_WINDOW.toMillis());
            double writerRate = (s.server.tracking().writer().written() - writtenAtEnd) * 1000.0 / WRITER_WINDOW.toMillis();
            Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
            Matcher p99 = Pattern.compile("99%\\s+(\\S+)").matcher(output);
            if (!rate.find() || !p99.find() || output.contains("Non-2xx")) {
                throw new AssertionError("wrk run failed or got errors:\n" + output);
            }
            System.out.printf("BENCHMARK ingest (wrk -t2 -c16 -d10s, batches of 50): %.0f events/s, p99 %s;"
                            + " writer lag at end of load %d stream entries (writer drains %.0f entries/s)%n%s%n",
                    Double.parseDouble(rate.group(1)) * 50, p99.group(1), lagAtEnd, writerRate, output);
        }
    }

    private static String wrk(Path script, String url, String run, String duration) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/wrk", "-t2", "-c16", "-d" + duration, "--latency", "-s", script.toString(), url)
                .redirectErrorStream(true);
        builder.environment().put("MOMENTUM_BENCH_RUN", run);
        Process wrk = builder.start();
        String output = new String(wrk.getInputStream().readAllBytes());
        wrk.waitFor();
        return output;
    }
}
