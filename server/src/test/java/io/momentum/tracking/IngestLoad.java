package io.momentum.tracking;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Sends batches of events concurrently over HTTP and sums the answers; records each request's latency. */
final class IngestLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    final AtomicLong accepted = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    /** Batches that needed more than one request: an earlier, unanswered attempt may have been counted already. */
    final AtomicLong retriedBatches = new AtomicLong();
    final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;

    IngestLoad(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/v1/events");
    }

    /** Cuts events into batches of random sizes in [min, max]. */
    static List<List<ObjectNode>> batches(List<ObjectNode> events, int min, int max, Random random) {
        List<List<ObjectNode>> batches = new ArrayList<>();
        for (int i = 0; i < events.size(); ) {
            int size = min + random.nextInt(max - min + 1);
            batches.add(events.subList(i, Math.min(events.size(), i + size)));
            i += size;
        }
        return batches;
    }

    /** Sends every batch (each one until it gets a 202) with {@code clients} concurrent senders. */
    void send(List<List<ObjectNode>> batches, int clients) throws Exception {
        ConcurrentLinkedQueue<List<ObjectNode>> queue = new ConcurrentLinkedQueue<>(batches);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                senders.add(pool.submit(() -> {
                    List<ObjectNode> batch;
                    while ((batch = queue.poll()) != null) {
                        sendUntilAccepted(batch);
                    }
                    return null;
                }));
            }
            for (Future<?> sender : senders) {
                sender.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    JsonNode sendUntilAccepted(List<ObjectNode> batch) throws Exception {
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().set("events", JSON.valueToTree(batch)));
        // In the sending thread: a poll thread per batch would cost the load generator more than the server.
        AtomicLong attempts = new AtomicLong();
        Answer answer = await("a batch accepted (202)").atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).pollInSameThread()
                .until(() -> {
                    attempts.incrementAndGet();
                    return post(body);
                }, last -> last.status() == 202);
        if (attempts.get() > 1) {
            retriedBatches.incrementAndGet();
        }
        JsonNode result = JSON.readTree(answer.body());
        accepted.addAndGet(result.get("accepted").asLong());
        duplicates.addAndGet(result.get("duplicates").asLong());
        rejected.addAndGet(result.get("rejected").size());
        return result;
    }

    /** One answer to {@code POST /v1/events}; a timed-out wait prints the last one. */
    private record Answer(int status, String body) {
    }

    private Answer post(byte[] body) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        latenciesMicros.add((System.nanoTime() - t0) / 1000);
        return new Answer(response.statusCode(), response.body());
    }

    long percentileMicros(double p) {
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
