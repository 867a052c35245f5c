package io.momentum.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.ServerConfig;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.GoalPlan;
import io.momentum.reporting.ExperimentCounts;
import io.momentum.reporting.GoalCounts;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An in-process server on its own embedded Redis and MongoDB, with the tracking fixture experiments. */
final class TrackingServer implements AutoCloseable {
    static final String ADMIN_TOKEN = "test-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    final MomentumServer server;
    final TestHttp http;
    final String prefix;

    private TrackingServer(MomentumServer server, String prefix) {
        this.server = server;
        this.http = new TestHttp(server.port());
        this.prefix = prefix;
    }

    /** Starts on its own embedded Redis and MongoDB (free ports, data under {@code tmp}), so tests never share a store. */
    static TrackingServer onEmbeddedStores(Path tmp) throws Exception {
        ServerConfig config = ServerConfig.embedded(TrackingFixtures.writeExperiments(tmp.resolve("experiments")), tmp.resolve("data"))
                .toBuilder().adminToken(ADMIN_TOKEN).build();
        return new TrackingServer(MomentumServer.start(config), config.redisPrefix());
    }

    CatalogSnapshot catalog() {
        return server.catalog().current();
    }

    HttpResponse<String> post(String body) {
        return http.post("/v1/events", "application/json", body);
    }

    JsonNode postOk(String body) throws Exception {
        HttpResponse<String> response = post(body);
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The experiment's counters as the reports read them (every goal of its plan). */
    ExperimentCounts counters(String experimentId) throws Exception {
        CatalogSnapshot snapshot = server.catalog().current();
        Experiment experiment = snapshot.experiment(experimentId).orElseThrow();
        return server.tracking().counts().read(experiment, GoalPlan.of(experiment, snapshot.flywheel()))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** The global counters of each goal. */
    Map<String, GoalCounts> goals(String... goals) throws Exception {
        Map<String, GoalCounts> counts = new java.util.LinkedHashMap<>();
        for (String goal : goals) {
            counts.put(goal, server.tracking().counts().readGoal(goal).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        }
        return counts;
    }

    /** The experiment's counter hash as stored, field by field (minor units). */
    Map<String, Long> raw(String experimentId) throws Exception {
        return new java.util.TreeMap<>(server.tracking().counters().raw(experimentId).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS));
    }

    /** Waits until the writer has emptied every stream. */
    void awaitWriter(Duration within) {
        TrackingFixtures.awaitWriterCaughtUp(server, within);
    }

    @Override
    public void close() {
        server.stop();
    }
}
