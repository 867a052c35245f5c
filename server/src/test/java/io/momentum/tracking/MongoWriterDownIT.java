package io.momentum.tracking;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.momentum.MomentumServer;
import io.momentum.config.ServerConfig;
import io.momentum.storage.FreePort;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MongoDB goes away under load: events keep being acknowledged into the Redis streams until the backlog bound,
 * then /v1/events sheds load with 503 JSON; when MongoDB returns the writer catches up and nothing is lost.
 */
class MongoWriterDownIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BOUND = 3_000;

    @TempDir
    Path tmp;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void acknowledgesUpToTheBoundThenSheds503AndCatchesUpWhenMongoReturns() throws Exception {
        Random random = new Random(11);
        Path experiments = TrackingFixtures.writeExperiments(tmp.resolve("experiments"));
        EventMix mix = new EventMix(TrackingFixtures.catalog(experiments), 2_000, random, "mongo-down");
        List<List<ObjectNode>> batches = new ArrayList<>(IngestLoad.batches(mix.exposures, 20, 40, random));
        batches.addAll(IngestLoad.batches(mix.outcomes, 20, 40, random));

        int mongoPort = FreePort.find();
        String mongoFile = tmp.resolve("mongo.mv").toString();
        MongoServer mongo = new MongoServer(new H2Backend(mongoFile));
        mongo.bind(new InetSocketAddress("127.0.0.1", mongoPort));
        MomentumServer server = MomentumServer.start(ServerConfig.embedded(experiments, tmp.resolve("data"))
                .toBuilder().mongoUri("mongodb://127.0.0.1:" + mongoPort).maxEventBacklog(BOUND).build());
        try {
            int first = batches.size() / 5;
            for (List<ObjectNode> batch : batches.subList(0, first)) {
                assertEquals(202, send(server.port(), batch).statusCode());
            }
            mongo.shutdownNow();

            int acknowledgedDuringOutage = 0;
            int shed = 0;
            long peakWaiting = 0;
            List<List<ObjectNode>> refused = new ArrayList<>();
            for (List<ObjectNode> batch : batches.subList(first, batches.size())) {
                HttpResponse<String> response = send(server.port(), batch);
                peakWaiting = Math.max(peakWaiting, server.tracking().writer().measureLag());
                if (response.statusCode() == 202) {
                    acknowledgedDuringOutage += batch.size();
                } else {
                    assertEquals(503, response.statusCode(), response.body());
                    assertTrue(response.body().startsWith("{\"error\":{\"code\":\"unavailable\""), response.body());
                    shed++;
                    refused.add(batch);
                }
            }
            System.out.printf("mongo down: %d events acknowledged into Redis while MongoDB was down, stream entries peaked at %d"
                    + " (bound %d), %d batches shed with 503%n", acknowledgedDuringOutage, peakWaiting, BOUND, shed);
            assertTrue(shed > 0, "the bound must be reached");
            assertTrue(acknowledgedDuringOutage > 0, "events keep being acknowledged while MongoDB is down");
            // The bound is checked every 100 ms: it can be overshot by what arrives in one interval, never more than that.
            assertTrue(peakWaiting < 3 * BOUND, "backlog overshot the bound: " + peakWaiting);

            mongo = new MongoServer(new H2Backend(mongoFile));
            mongo.bind(new InetSocketAddress("127.0.0.1", mongoPort));
            for (List<ObjectNode> batch : refused) {
                sendUntilAccepted(server.port(), batch);
            }
            long returned = System.nanoTime();
            TrackingFixtures.awaitWriterCaughtUp(server, Duration.ofSeconds(60));
            long caughtUp = (System.nanoTime() - returned) / 1_000_000;
            long inMongo = server.storage().mongo().getCollection(EventLog.EVENTS).countDocuments();
            System.out.printf("mongo down: writer caught up %d ms after MongoDB returned; %d events sent, %d in MongoDB%n",
                    caughtUp, mix.uniqueEvents(), inMongo);
            assertEquals(mix.uniqueEvents(), inMongo, "events in MongoDB");
            for (String experiment : EventMix.EXPERIMENTS) {
                Map<String, Long> counted = new TreeMap<>(server.tracking().counters().raw(experiment)
                        .toCompletionStage().toCompletableFuture().get());
                assertEquals(mix.expectedCounters(experiment), counted, experiment);
            }
        } finally {
            server.stop();
            mongo.shutdownNow();
        }
    }

    private void sendUntilAccepted(int port, List<ObjectNode> batch) {
        await("a refused batch acknowledged (202) after MongoDB returned").atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).pollInSameThread()
                .until(() -> send(port, batch), response -> response.statusCode() == 202);
    }

    private HttpResponse<String> send(int port, List<ObjectNode> batch) throws Exception {
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().set("events", JSON.valueToTree(batch)));
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
