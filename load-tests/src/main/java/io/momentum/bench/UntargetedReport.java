package io.momentum.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The {@code untargeted_20} section of {@code bench.json}: 20 running experiments without targeting (every visitor
 * gets all 20), Momentum untracked / tracked returning / tracked new next to a bare Vert.x route returning a body
 * of the same size and node with the real GrowthBook SDK, with the goals, allocation and GC pauses per
 * request (from the server's {@code /metrics}), exposures counted per second and the MongoDB writer's drain rate.
 * Also prints the table as Markdown.
 */
final class UntargetedReport {
    static final double TARGET_RETURNING_TO_UNTRACKED = 0.80;
    static final double TARGET_UNTRACKED_TO_PEER = 3.0;
    static final double TARGET_UNTRACKED_TO_BASELINE = 0.85;
    static final double TARGET_NEW_EXPOSURES_PER_S = 50_000;
    static final double TARGET_NEW_P99_MS = 50;
    static final double TARGET_HALF_LOAD_P99_FACTOR = 1.5;

    private static final int EXPERIMENTS = 20;

    private final ObjectMapper json;
    private final Path work;
    private final Properties meta;
    private final int rounds;

    UntargetedReport(ObjectMapper json, Path work, Properties meta) {
        this.json = json;
        this.work = work;
        this.meta = meta;
        this.rounds = Integer.parseInt(meta.getProperty("rounds"));
    }

    ObjectNode build() throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("what", "20 running experiments without targeting, so every visitor gets all 20; visitors returning from a pool of "
                + meta.getProperty("pool_size") + " ids drawn Zipf (exponent 1), all exposed in a warm-up sweep; the baseline returns "
                + meta.getProperty("body_u_bytes") + " bytes, the average 20-assignment answer");
        root.put("load_average_at_end", meta.getProperty("load_average"));
        List<JsonNode> baseline = runs("baseline-u");
        List<JsonNode> peer = Files.exists(work.resolve("growthbook-1.out")) ? runs("growthbook") : List.of();
        List<JsonNode> untracked = runs("untracked-u");
        List<JsonNode> returning = runs("returning-u");
        List<JsonNode> fresh = runs("new-u");
        ObjectNode rows = root.putObject("rows");
        rows.set("baseline", row(baseline, mean(baseline)));
        if (!peer.isEmpty()) {
            rows.set("growthbook_node", row(peer, mean(baseline)).put("sdk", "@growthbook/growthbook " + meta.getProperty("growthbook_version")
                    + ", node " + meta.getProperty("node_version") + ", one process, one shared GrowthBookClient, runInlineExperiment x 20"));
        }
        rows.set("untracked", withServerFigures(row(untracked, mean(baseline)), "untracked-u"));
        rows.set("tracked_returning", withServerFigures(row(returning, mean(baseline)), "returning-u"));
        ObjectNode newRow = withServerFigures(row(fresh, mean(baseline)), "new-u");
        rows.set("tracked_new", newRow);

        double counted = 0;
        double seconds = 0;
        ArrayNode perRound = newRow.putArray("new_exposures_counted_per_s");
        for (int round = 1; round <= rounds; round++) {
            long after = countedExposures("new-u-" + round + ".after");
            long before = countedExposures("new-u-" + round + ".before");
            if (after < 0 || before < 0) {
                perRound.addNull(); // the results API did not answer (see the saved files)
                continue;
            }
            double s = wrk("new-u-" + round).path("seconds").asDouble();
            perRound.add(round1((after - before) / s));
            counted += after - before;
            seconds += s;
        }
        double exposuresPerS = seconds > 0 ? counted / seconds : Double.NaN;
        newRow.put("new_exposures_counted_mean_per_s", round1(exposuresPerS));
        double redisSeconds = 0;
        for (int round = 1; round <= rounds; round++) {
            redisSeconds += Double.parseDouble(properties("new-u-" + round + ".cpu").getProperty("store_cpu_ticks", "0"))
                    / Double.parseDouble(meta.getProperty("clock_ticks_per_s"));
        }
        // What one exposure costs Redis (the Lua script and its stream entry): the physical limit of the rate.
        newRow.put("redis_cpu_us_per_new_exposure", counted > 0 ? round1(redisSeconds * 1e6 / counted) : 0);

        ObjectNode drain = root.putObject("mongodb_writer_drain");
        ArrayNode drains = drain.putArray("per_round");
        for (int round = 1; round <= rounds; round++) {
            Properties p = properties("drain-" + round + ".properties");
            long before = Long.parseLong(p.getProperty("lag_before", "0"));
            long after = Long.parseLong(p.getProperty("lag_after", "0"));
            double s = Double.parseDouble(p.getProperty("seconds", "0"));
            drains.addObject().put("lag_before", before).put("lag_after", after).put("seconds", s)
                    .put("entries_per_s", s > 0 ? round1((before - after) / s) : 0);
        }
        drain.put("needed_by_a_real_mongodb", "one stream entry and one document per new exposure: as many inserts/s as new exposures counted/s ("
                + round1(exposuresPerS) + " here), in batches of the writer's read size");

        ObjectNode goals = root.putObject("goals");
        double untrackedRate = mean(untracked);
        goal(goals, "tracked_returning_to_untracked", mean(returning) / untrackedRate, TARGET_RETURNING_TO_UNTRACKED, true);
        if (!peer.isEmpty()) {
            goal(goals, "untracked_to_growthbook_node", untrackedRate / mean(peer), TARGET_UNTRACKED_TO_PEER, true);
        }
        goal(goals, "untracked_to_baseline", untrackedRate / mean(baseline), TARGET_UNTRACKED_TO_BASELINE, true);
        goal(goals, "new_exposures_counted_per_s", exposuresPerS, TARGET_NEW_EXPOSURES_PER_S, true);
        goal(goals, "tracked_new_p99_ms", meanOf(fresh, "p99_ms"), TARGET_NEW_P99_MS, false);
        JsonNode half = wrk("returning-u-half");
        JsonNode baseHalf = wrk("baseline-u-half");
        ObjectNode halfLoad = root.putObject("half_load");
        halfLoad.put("target_rate", Double.parseDouble(meta.getProperty("half_u_target_rate")));
        halfLoad.put("tracked_returning_rate", half.path("requests_per_s").asDouble());
        halfLoad.put("tracked_returning_p99_ms", half.path("p99_ms").asDouble());
        halfLoad.put("baseline_rate", baseHalf.path("requests_per_s").asDouble());
        halfLoad.put("baseline_p99_ms", baseHalf.path("p99_ms").asDouble());
        goal(goals, "half_load_p99_to_baseline_p99", half.path("p99_ms").asDouble() / baseHalf.path("p99_ms").asDouble(),
                TARGET_HALF_LOAD_P99_FACTOR, false);

        ObjectNode rss = root.putObject("rss_mb");
        rss.put("server_jvm", Math.round(Long.parseLong(meta.getProperty("server_u_rss_kb").trim()) / 102.4) / 10.0);
        rss.put("embedded_redis", Math.round(Long.parseLong(meta.getProperty("redis_u_rss_kb", "0").trim()) / 102.4) / 10.0);
        System.out.println(markdown(rows));
        return root;
    }

    private ObjectNode row(List<JsonNode> runs, double baselineRate) {
        ObjectNode row = json.createObjectNode();
        ArrayNode perRound = row.putArray("requests_per_s");
        runs.forEach(run -> perRound.add(run.path("requests_per_s").asDouble()));
        ArrayNode p99 = row.putArray("p99_ms");
        runs.forEach(run -> p99.add(run.path("p99_ms").asDouble()));
        row.put("mean_requests_per_s", round1(mean(runs)));
        row.put("mean_p99_ms", round1(meanOf(runs, "p99_ms")));
        row.put("vs_baseline", round3(mean(runs) / baselineRate));
        double cpu = runs.stream().mapToDouble(run -> run.path("server_cpu_s").asDouble()).sum();
        double requests = runs.stream().mapToDouble(run -> run.path("requests").asDouble()).sum();
        row.put("server_cpu_us_per_request", round1(cpu * 1e6 / requests));
        long errors = 0;
        for (JsonNode run : runs) {
            for (JsonNode count : run.path("errors")) {
                errors += count.asLong();
            }
        }
        row.put("non_2xx_or_socket_errors", errors);
        return row;
    }

    /** Allocation and GC pauses per request from the server's Micrometer JVM metrics before and after each run. */
    private ObjectNode withServerFigures(ObjectNode row, String name) throws IOException {
        double allocated = 0;
        double pauseSeconds = 0;
        double pauses = 0;
        double requests = 0;
        for (int round = 1; round <= rounds; round++) {
            String run = name + "-" + round;
            allocated += metric(run + ".after", "jvm_gc_memory_allocated_bytes_total") - metric(run + ".before", "jvm_gc_memory_allocated_bytes_total");
            pauseSeconds += metric(run + ".after", "jvm_gc_pause_seconds_sum") - metric(run + ".before", "jvm_gc_pause_seconds_sum");
            pauses += metric(run + ".after", "jvm_gc_pause_seconds_count") - metric(run + ".before", "jvm_gc_pause_seconds_count");
            requests += wrk(run).path("requests").asDouble();
        }
        row.put("allocated_bytes_per_request", Math.round(allocated / requests));
        row.put("gc_pauses", Math.round(pauses));
        row.put("gc_pause_total_ms", round1(pauseSeconds * 1000));
        return row;
    }

    /** The sum over every label set of one Prometheus sample name. */
    private double metric(String file, String sample) throws IOException {
        Path path = work.resolve(file + ".metrics");
        double sum = 0;
        if (!Files.exists(path)) {
            return 0;
        }
        for (String line : Files.readAllLines(path)) {
            if (line.startsWith(sample + "{") || line.startsWith(sample + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Exposures counted over the 20 experiments; -1 when a results answer was an error (e.g. the server's deadline). */
    private long countedExposures(String prefix) throws IOException {
        long exposures = 0;
        for (int i = 1; i <= EXPERIMENTS; i++) {
            Path file = work.resolve(String.format(Locale.ROOT, "%s.results-u-%02d.json", prefix, i));
            JsonNode results = json.readTree(file.toFile());
            if (!results.has("variants")) {
                return -1;
            }
            for (JsonNode variant : results.path("variants")) {
                exposures += variant.path("exposures").asLong();
            }
        }
        return exposures;
    }

    private void goal(ObjectNode goals, String name, double value, double target, boolean atLeast) {
        goals.putObject(name).put("measured", round3(value)).put("target", target).put("at_least", atLeast)
                .put("met", atLeast ? value >= target : value <= target);
    }

    private String markdown(ObjectNode rows) {
        StringBuilder table = new StringBuilder("| system / route (20 untargeted experiments) | req/s per round | p99 ms per round | vs bare Vert.x |"
                + " alloc/request | GC pauses (ms) |\n|---|---|---|---|---|---|\n");
        rows.properties().forEach(e -> {
            JsonNode r = e.getValue();
            table.append("| ").append(e.getKey()).append(" | ").append(r.path("requests_per_s")).append(" | ").append(r.path("p99_ms"))
                    .append(" | ").append(r.path("vs_baseline")).append(" | ")
                    .append(r.has("allocated_bytes_per_request") ? r.path("allocated_bytes_per_request") + " B" : "")
                    .append(" | ").append(r.has("gc_pauses") ? r.path("gc_pauses") + " (" + r.path("gc_pause_total_ms") + ")" : "")
                    .append(" |\n");
        });
        return table.toString();
    }

    private List<JsonNode> runs(String name) throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            runs.add(wrk(name + "-" + round));
        }
        return runs;
    }

    /** wrk's BENCH_JSON line of one run, plus the server CPU seconds meanwhile. */
    private JsonNode wrk(String name) throws IOException {
        for (String line : Files.readAllLines(work.resolve(name + ".out"))) {
            if (line.startsWith("BENCH_JSON ")) {
                ObjectNode run = (ObjectNode) json.readTree(line.substring("BENCH_JSON ".length()));
                Properties cpu = properties(name + ".cpu");
                run.put("server_cpu_s", Double.parseDouble(cpu.getProperty("cpu_ticks"))
                        / Double.parseDouble(meta.getProperty("clock_ticks_per_s")));
                return run;
            }
        }
        throw new IllegalStateException(name + ".out has no BENCH_JSON line: did wrk run?");
    }

    private Properties properties(String file) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(work.resolve(file))) {
            p.load(reader);
        }
        return p;
    }

    private static double mean(List<JsonNode> runs) {
        return meanOf(runs, "requests_per_s");
    }

    private static double meanOf(List<JsonNode> runs, String field) {
        return runs.stream().mapToDouble(run -> run.path(field).asDouble()).average().orElse(Double.NaN);
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
