package io.momentum.tracking;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest throughput against the machine's Redis (127.0.0.1:6379, own key prefix) with the embedded MongoDB:
 * batches of 50 mixed events from concurrent loopback clients. Prints events/s, latency percentiles of
 * {@code POST /v1/events} and the writer lag; asserts only that nothing was lost. Excluded from the default
 * test run; run it with {@code mvn -pl server test -Dtest=IngestBenchmark -Dsurefire.excludes=none}.
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
        EventMix warmup = new EventMix(3_000, random, "w");
        EventMix mix = new EventMix(VISITORS, random, "m");
        try (TrackingServer s = TrackingServer.onLocalRedis(tmp)) {
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
}
