package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.momentum.experiment.Dimension;
import io.momentum.segments.TrafficSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prints what the snippet's source capture adds to the server's per-request work on {@code /v1/assign}: deriving
 * channel, visitor_type and device from the raw attributes and building the wanted segments of each exposure (three
 * per request, as in bench.sh), with and without the first-touch attributes, in CPU time of this thread. The whole
 * route under load is {@code BENCH_WORKLOAD=capture load-tests/bench.sh}. Not in the default suites (its name ends in
 * Benchmark): {@code mvn -pl server test -Dtest=AssignCaptureBenchmark}.
 */
class AssignCaptureBenchmark {
    private static final int EXPOSURES_PER_REQUEST = 3;
    private static final Map<String, String> PLAIN = Map.of("country", "US", "device", "desktop", "plan", "pro");
    private static final Map<String, String> CAPTURE = Map.ofEntries(Map.entry("country", "US"), Map.entry("device", "desktop"),
            Map.entry("plan", "pro"), Map.entry("utm_source", "google"), Map.entry("utm_medium", "cpc"),
            Map.entry("utm_campaign", "spring-sale"), Map.entry("gclid", "EAIaIQobChMI"), Map.entry("landing", "/pricing"),
            Map.entry("visits", "2"), Map.entry("visit_source", "direct"), Map.entry("referrer", "www.google.com"));

    @Test
    void printsTheCaptureCostPerRequest() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) { // the first rounds warm the JIT up
            double plain = nanosPerRequest(threads, PLAIN);
            double capture = nanosPerRequest(threads, CAPTURE);
            System.out.printf("round %d: plain %.2f µs, capture %.2f µs per request (derive + %d x wanted segments), +%.2f µs%n",
                    round + 1, plain / 1000, capture / 1000, EXPOSURES_PER_REQUEST, (capture - plain) / 1000);
        }
        assertEquals("paid_search", TrafficSource.derive(CAPTURE, null, "/pricing").get("channel"));
    }

    private static double nanosPerRequest(ThreadMXBean threads, Map<String, String> raw) {
        int requests = 200_000;
        long sink = 0;
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < requests; i++) {
            Map<String, String> attributes = new HashMap<>(raw);
            Map<String, String> derived = TrafficSource.derive(attributes, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)", "/pricing");
            for (int e = 0; e < EXPOSURES_PER_REQUEST; e++) {
                sink += EventIngest.wantedSegments(Dimension.DEFAULTS, derived).length();
            }
        }
        long cpu = threads.getCurrentThreadCpuTime() - start;
        if (sink == 0) {
            throw new AssertionError("nothing computed");
        }
        return (double) cpu / requests;
    }
}
