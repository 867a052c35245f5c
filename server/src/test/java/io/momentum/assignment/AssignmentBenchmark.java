package io.momentum.assignment;

import static io.momentum.assignment.TestExperiments.condition;
import static io.momentum.assignment.TestExperiments.inLayer;
import static io.momentum.assignment.TestExperiments.numeric;
import static io.momentum.assignment.TestExperiments.regex;
import static io.momentum.assignment.TestExperiments.running;
import static io.momentum.assignment.TestExperiments.targetingAttributes;
import static io.momentum.assignment.TestExperiments.targetingDevices;
import static io.momentum.assignment.TestExperiments.targetingUrls;
import static io.momentum.assignment.TestExperiments.withCoverage;
import static io.momentum.assignment.TestExperiments.withWeights;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.experiment.AttributeCondition.Operator;
import io.momentum.experiment.Experiment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prints how long assigning one visitor across 20 running, targeted experiments takes (target: under
 * 5 µs) and how much it allocates. Loops are bounded by this thread's CPU time (and a wall-clock cap),
 * so a machine shared with other builds slows the run down but does not inflate the per-call CPU figure.
 * A benchmark, not a timed test: it asserts only correctness.
 */
class AssignmentBenchmark {
    private static final long WARMUP_CPU_NANOS = 1_500_000_000L;
    private static final long MEASURE_CPU_NANOS = 2_000_000_000L;
    private static final long WALL_CAP_NANOS = 15_000_000_000L;
    private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final String DESKTOP_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

    /** 20 running experiments: URL globs, IN / NOT_IN / numeric / regex conditions, devices, layers, coverage. */
    static List<Experiment> twentyTargetedExperiments() {
        List<Experiment> experiments = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Experiment e = running("experiment-" + i);
            e = switch (i % 5) {
                case 0 -> targetingUrls(e, "/pricing*", "/plans/*");
                case 1 -> targetingAttributes(e, condition("country", Operator.IN, "US", "CA", "GB", "DE"), numeric("orders", Operator.GTE, 1));
                case 2 -> targetingAttributes(targetingDevices(e, "desktop", "tablet"), regex("email", "@(example|acme)\\.com$"));
                case 3 -> inLayer(targetingAttributes(e, condition("plan", Operator.NOT_IN, "enterprise")), "layer-" + (i / 10), (i % 10) / 10.0, (i % 10) / 10.0 + 0.1);
                default -> withCoverage(withWeights(e, 20, 30, 50), 0.8);
            };
            experiments.add(e);
        }
        return experiments;
    }

    static List<Visitor> visitors(int count) {
        List<Visitor> visitors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            visitors.add(Visitor.of("visitor-" + i + "-" + Integer.toHexString(i * 2654435761L > 0 ? i * 31 : i),
                    i % 3 == 0 ? "https://example.com/pricing/teams?utm=x" : "/plans/pro",
                    Map.of("country", i % 2 == 0 ? "US" : "FR", "orders", Integer.toString(i % 4), "email", "user" + i + "@example.com", "plan", "pro"),
                    DESKTOP_UA));
        }
        return visitors;
    }

    @Test
    void assignsOneVisitorAcross20TargetedExperiments() {
        AssignmentIndex index = AssignmentIndex.compile(TestExperiments.snapshot(1, twentyTargetedExperiments().toArray(Experiment[]::new)));
        assertTrue(index.problems().isEmpty(), index.problems().toString());
        List<AssignmentRequest> requests = visitors(4096).stream().map(AssignmentRequest::of).toList();

        run(index, requests, WARMUP_CPU_NANOS);
        long threadId = Thread.currentThread().getId();
        long bytesBefore = threads.getThreadAllocatedBytes(threadId);
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long wallBefore = System.nanoTime();
        long[] calls = run(index, requests, MEASURE_CPU_NANOS);
        long wall = System.nanoTime() - wallBefore;
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long bytes = threads.getThreadAllocatedBytes(threadId) - bytesBefore;

        System.out.printf("assignment benchmark: %,d calls, %.0f ns CPU (%.0f ns wall) per visitor across 20 targeted experiments "
                        + "(target < 5,000 ns), %.0f bytes allocated per call, %.1f assignments per visitor%n",
                calls[0], cpu / (double) calls[0], wall / (double) calls[0], bytes / (double) calls[0], calls[1] / (double) calls[0]);
        assertTrue(calls[1] > 0, "nobody was assigned");
    }

    @Test
    void visitorPreparationCostIsPrintedToo() {
        Map<String, String> attributes = Map.of("country", "US", "orders", "2", "email", "ann@example.com", "plan", "pro");
        long cpuDeadline = threads.getCurrentThreadCpuTime() + WARMUP_CPU_NANOS + MEASURE_CPU_NANOS / 2;
        long wallDeadline = System.nanoTime() + WALL_CAP_NANOS;
        long calls = 0;
        long devices = 0;
        long started = threads.getCurrentThreadCpuTime();
        while (threads.getCurrentThreadCpuTime() < cpuDeadline && System.nanoTime() < wallDeadline) {
            for (int i = 0; i < 1024; i++, calls++) {
                devices += Visitor.of("visitor-42", "https://example.com/pricing/teams?utm=x", attributes, DESKTOP_UA).device().isPresent() ? 1 : 0;
            }
        }
        System.out.printf("visitor preparation (id check, path, device from User-Agent, 4 attributes): %.0f ns CPU per request%n",
                (threads.getCurrentThreadCpuTime() - started) / (double) calls);
        assertTrue(devices == calls);
    }

    /** Runs until this thread used {@code cpuNanos} of CPU (or the wall-clock cap); returns {calls, assignments}. */
    private long[] run(AssignmentIndex index, List<AssignmentRequest> requests, long cpuNanos) {
        long cpuDeadline = threads.getCurrentThreadCpuTime() + cpuNanos;
        long wallDeadline = System.nanoTime() + WALL_CAP_NANOS;
        long calls = 0;
        long assignments = 0;
        int size = requests.size();
        while (threads.getCurrentThreadCpuTime() < cpuDeadline && System.nanoTime() < wallDeadline) {
            for (int i = 0; i < 1024; i++) {
                assignments += index.assign(requests.get((int) (calls++ % size))).assignments().size();
            }
        }
        return new long[] {calls, assignments};
    }
}
