package io.momentum.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Turns the raw outputs of {@code bench.sh} (wrk's {@code BENCH_JSON} lines and a {@code meta.properties}) into
 * {@code bench.json}: throughput of baseline, assign and events, their ratio, latency at half load, memory,
 * startup, and whether the event counters equal what was sent. Prints a short summary.
 *
 * <p>{@code java -cp momentum.jar:load-tests/target/classes io.momentum.bench.BenchReport WORK_DIR OUT_JSON}
 */
public final class BenchReport {
    static final double TARGET_RATIO = 0.70;
    static final double TARGET_P99_MS = 2.0;
    static final double TARGET_EVENTS_PER_S = 30_000;
    static final double TARGET_RSS_MB = 300;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path work;
    private final Properties meta = new Properties();

    BenchReport(Path work) throws IOException {
        this.work = work;
        try (Reader reader = Files.newBufferedReader(work.resolve("meta.properties"))) {
            meta.load(reader);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BenchReport WORK_DIR OUT_JSON");
        }
        BenchReport report = new BenchReport(Path.of(args[0]));
        ObjectNode result = report.build();
        Files.writeString(Path.of(args[1]), report.json.writeValueAsString(result) + "\n");
        System.out.println(report.json.writeValueAsString(result));
    }

    ObjectNode build() throws IOException, InterruptedException {
        int rounds = Integer.parseInt(meta.getProperty("rounds"));
        ObjectNode root = json.createObjectNode();
        root.put("date", Instant.now().toString());
        root.set("machine", machine());
        root.set("settings", settings());

        List<JsonNode> baseline = wrkRuns("baseline", rounds);
        List<JsonNode> assign = wrkRuns("assign", rounds);
        root.set("baseline", throughput(baseline).put("body_bytes", Integer.parseInt(meta.getProperty("body_bytes"))));
        root.set("assign", throughput(assign));
        root.set("ratio_assign_to_baseline", ratio(baseline, assign));
        List<JsonNode> untracked = List.of(wrkJson("assign-untracked"));
        ObjectNode withoutExposures = throughput(untracked);
        withoutExposures.put("what", "GET /v1/assign?track=false, measured before any exposure was logged: assignment without tracking");
        withoutExposures.put("ratio_to_baseline", round3(mean(untracked, "requests_per_s") / mean(baseline, "requests_per_s")));
        root.set("assign_without_exposure_logging", withoutExposures);
        root.set("assign_half_load", halfLoad("assign-half"));
        root.set("baseline_half_load", halfLoad("baseline-half"));

        ObjectNode events = events();
        root.set("events", events);
        root.put("events_exact", events.path("exact").asBoolean());

        double rssMb = kbToMb(meta.getProperty("server_rss_kb"));
        ObjectNode rss = root.putObject("rss_mb");
        rss.put("server_jvm", rssMb);
        rss.put("embedded_redis", kbToMb(meta.getProperty("redis_rss_kb", "0")));
        rss.put("target", TARGET_RSS_MB);
        rss.put("met", rssMb <= TARGET_RSS_MB);

        root.set("untargeted_20", new UntargetedReport(json, work, meta).build());

        ObjectNode startup = root.putObject("startup_ms");
        startup.put("process_start_to_listening", Long.parseLong(meta.getProperty("startup_ms")));
        startup.put("process_start_to_ready", Long.parseLong(meta.getProperty("ready_ms")));
        startup.put("server_reported", Long.parseLong(meta.getProperty("startup_internal_ms", "-1")));
        startup.put("baseline_process_start_to_listening", Long.parseLong(meta.getProperty("baseline_startup_ms")));
        return root;
    }

    private ObjectNode machine() {
        ObjectNode machine = json.createObjectNode();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return machine;
    }

    private ObjectNode settings() {
        ObjectNode settings = json.createObjectNode();
        settings.put("wrk", "-t" + meta.getProperty("threads") + " -c" + meta.getProperty("connections")
                + " -d" + meta.getProperty("duration") + "s");
        settings.put("warmup_s", Integer.parseInt(meta.getProperty("warmup")));
        settings.put("rounds", Integer.parseInt(meta.getProperty("rounds")));
        settings.put("running_experiments", Integer.parseInt(meta.getProperty("experiments")));
        settings.put("server_java_opts", meta.getProperty("java_opts"));
        settings.put("stores", "embedded Redis (redis-server child process) and embedded MongoDB (in the server JVM)");
        settings.put("assign_requests", "GET /v1/assign with a new visitor id each time, url/country/device/plan varied; exposures logged");
        return settings;
    }

    private List<JsonNode> wrkRuns(String name, int rounds) throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            runs.add(wrkJson(name + "-" + round));
        }
        return runs;
    }

    /** wrk's summary of one run, plus the CPU seconds the server processes used meanwhile. */
    private JsonNode wrkJson(String name) throws IOException {
        Path output = work.resolve(name + ".out");
        for (String line : Files.readAllLines(output)) {
            if (line.startsWith("BENCH_JSON ")) {
                ObjectNode run = (ObjectNode) json.readTree(line.substring("BENCH_JSON ".length()));
                Properties cpu = new Properties();
                try (Reader reader = Files.newBufferedReader(work.resolve(name + ".cpu"))) {
                    cpu.load(reader);
                }
                run.put("server_cpu_s", Double.parseDouble(cpu.getProperty("cpu_ticks"))
                        / Double.parseDouble(meta.getProperty("clock_ticks_per_s")));
                run.put("store_cpu_s", Double.parseDouble(cpu.getProperty("store_cpu_ticks", "0"))
                        / Double.parseDouble(meta.getProperty("clock_ticks_per_s")));
                return run;
            }
        }
        throw new IllegalStateException(output + " has no BENCH_JSON line: did wrk run?");
    }

    /** Server CPU (user + system, all threads; Momentum's includes its embedded Redis) per request, in microseconds. */
    private static double cpuMicrosPerRequest(List<JsonNode> runs) {
        double cpu = runs.stream().mapToDouble(run -> run.path("server_cpu_s").asDouble()).sum();
        double requests = runs.stream().mapToDouble(run -> run.path("requests").asDouble()).sum();
        return round1(cpu * 1e6 / requests);
    }

    private ObjectNode throughput(List<JsonNode> runs) {
        ObjectNode node = json.createObjectNode();
        ArrayNode perRound = node.putArray("requests_per_s");
        runs.forEach(run -> perRound.add(run.path("requests_per_s").asDouble()));
        node.put("mean_requests_per_s", round1(mean(runs, "requests_per_s")));
        node.put("p99_ms_at_max_rate", mean(runs, "p99_ms"));
        node.put("server_cpu_us_per_request", cpuMicrosPerRequest(runs));
        node.put("non_2xx_or_socket_errors", errors(runs));
        return node;
    }

    private ObjectNode ratio(List<JsonNode> baseline, List<JsonNode> assign) {
        ObjectNode node = json.createObjectNode();
        ArrayNode perRound = node.putArray("per_round");
        for (int i = 0; i < baseline.size(); i++) {
            perRound.add(round3(assign.get(i).path("requests_per_s").asDouble() / baseline.get(i).path("requests_per_s").asDouble()));
        }
        double ratio = mean(assign, "requests_per_s") / mean(baseline, "requests_per_s");
        node.put("mean", round3(ratio));
        node.put("target", TARGET_RATIO);
        node.put("met", ratio >= TARGET_RATIO);
        // What the ratio would be if the server's own CPU were the only limit (it is not: wrk shares the cores).
        node.put("by_server_cpu_per_request", round3(cpuMicrosPerRequest(baseline) / cpuMicrosPerRequest(assign)));
        return node;
    }

    private ObjectNode halfLoad(String name) throws IOException {
        JsonNode run = wrkJson(name);
        ObjectNode node = json.createObjectNode();
        node.put("method", "wrk is closed-loop and wrk2 is not packaged: " + meta.getProperty("half_connections")
                + " connections each wait a dithered delay() after every response, calibrated in a short run so the achieved"
                + " rate is close to the target; latencies are per request, coordinated omission is not corrected");
        node.put("target_rate", Double.parseDouble(meta.getProperty("half_target_rate")));
        node.put("achieved_rate", run.path("requests_per_s").asDouble());
        node.put("p50_ms", run.path("p50_ms").asDouble());
        node.put("p90_ms", run.path("p90_ms").asDouble());
        node.put("p99_ms", run.path("p99_ms").asDouble());
        node.put("p99_9_ms", run.path("p999_ms").asDouble());
        node.put("max_ms", run.path("max_ms").asDouble());
        node.put("non_2xx_or_socket_errors", errors(List.of(run)));
        node.put("target_p99_ms", TARGET_P99_MS);
        node.put("met", run.path("p99_ms").asDouble() <= TARGET_P99_MS);
        return node;
    }

    private ObjectNode events() throws IOException, InterruptedException {
        JsonNode warmup = wrkJson("events-warmup");
        JsonNode run = wrkJson("events");
        List<JsonNode> all = new ArrayList<>(List.of(warmup, run));
        if (Files.exists(work.resolve("events-profiled.out"))) {
            all.add(wrkJson("events-profiled"));
        }
        int batch = run.path("batch").asInt();
        ObjectNode node = json.createObjectNode();
        node.put("batch", batch);
        double eventsPerS = run.path("acked_requests").asDouble() * batch / run.path("batch_seconds").asDouble();
        node.put("batch_requests_per_s", round1(eventsPerS / batch));
        node.put("events_per_s", round1(eventsPerS));
        node.put("measured_over_s", run.path("batch_seconds").asDouble());
        node.put("server_cpu_us_per_event", round1(run.path("server_cpu_s").asDouble() * 1e6
                / Math.max(1, run.path("accepted_events").asDouble())));
        // Redis alone (its Lua scripts and stream appends): what bounds events/s once the JVM side is cheap.
        node.put("redis_cpu_us_per_event", round1(run.path("store_cpu_s").asDouble() * 1e6
                / Math.max(1, run.path("accepted_events").asDouble())));
        node.put("p50_ms", run.path("p50_ms").asDouble());
        node.put("p99_ms", run.path("p99_ms").asDouble());
        node.put("latency_note", "wrk's percentiles also include the GET /health requests of the 2 s drain at the end");
        node.put("non_2xx_or_socket_errors", errors(all));
        node.put("target_events_per_s", TARGET_EVENTS_PER_S);
        node.put("met", eventsPerS >= TARGET_EVENTS_PER_S);

        // Warm-up, measured and profiled runs all sent to the same experiments: compare their sum with the counters.
        long sentRequests = sum(all, "sent_requests");
        long ackedRequests = sum(all, "acked_requests");
        long acceptedEvents = sum(all, "accepted_events");
        ObjectNode counts = node.putObject("counts");
        counts.put("requests_sent", sentRequests);
        counts.put("requests_acknowledged_202", ackedRequests);
        counts.put("events_sent", sentRequests * batch);
        counts.put("events_accepted", acceptedEvents);
        boolean exact = true;
        for (Map.Entry<String, long[]> entry : sentByExperiment(all).entrySet()) {
            String experiment = entry.getKey();
            long visitors = entry.getValue()[0];
            String goal = meta.getProperty("goal." + experiment);
            long[] counted = countedOnServer(experiment, goal);
            ObjectNode perExperiment = counts.putObject(experiment);
            perExperiment.put("exposures_sent", visitors);
            perExperiment.put("exposures_counted", counted[0]);
            perExperiment.put("converters_sent", visitors);
            perExperiment.put("converters_counted", counted[1]);
            exact &= counted[0] == visitors && counted[1] == visitors;
        }
        exact &= sentRequests == ackedRequests && acceptedEvents == sentRequests * batch;
        node.put("exact", exact);
        node.put("exact_means", "every batch sent was answered 202 with all its events accepted (none in flight at the end), and for each experiment"
                + " the unique exposures and converters in the results API equal the visitors the wrk script sent");
        return node;
    }

    private Map<String, long[]> sentByExperiment(List<JsonNode> runs) {
        Map<String, long[]> sent = new TreeMap<>();
        for (JsonNode run : runs) {
            for (Iterator<Map.Entry<String, JsonNode>> it = run.path("sent_by_experiment").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                sent.computeIfAbsent(entry.getKey(), key -> new long[1])[0] += entry.getValue().path("visitors").asLong();
                meta.setProperty("goal." + entry.getKey(), entry.getValue().path("goal").asText());
            }
        }
        return sent;
    }

    /** Unique exposures and primary-goal converters summed over the variants, from the results API. */
    private long[] countedOnServer(String experiment, String goal) throws IOException, InterruptedException {
        Path saved = work.resolve("results-" + experiment + ".json");
        String body;
        if (Files.exists(saved)) { // bench.sh saves them before it stops the first server
            body = Files.readString(saved);
        } else {
            String url = meta.getProperty("base_url") + "/v1/experiments/" + experiment + "/results";
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.println("GET " + url + " answered " + response.statusCode() + ": " + response.body());
                return new long[] {-1, -1};
            }
            body = response.body();
        }
        long exposures = 0;
        long converters = 0;
        for (JsonNode variant : json.readTree(body).path("variants")) {
            exposures += variant.path("exposures").asLong();
            converters += variant.path("goals").path(goal).path("converters").asLong();
        }
        return new long[] {exposures, converters};
    }

    private static long errors(List<JsonNode> runs) {
        long errors = 0;
        for (JsonNode run : runs) {
            for (JsonNode count : run.path("errors")) {
                errors += count.asLong();
            }
        }
        return errors;
    }

    private static long sum(List<JsonNode> runs, String field) {
        return runs.stream().mapToLong(run -> run.path(field).asLong()).sum();
    }

    private static double mean(List<JsonNode> runs, String field) {
        return runs.stream().mapToDouble(run -> run.path(field).asDouble()).average().orElse(Double.NaN);
    }

    private static double kbToMb(String kb) {
        return round1(Long.parseLong(kb.trim()) / 1024.0);
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
