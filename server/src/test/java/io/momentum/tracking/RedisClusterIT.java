package io.momentum.tracking;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.MomentumServer;
import io.momentum.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same ingest through a 3-master Redis Cluster of local redis-server processes: every experiment stays on one slot. */
class RedisClusterIT {
    @TempDir
    Path tmp;

    @Test
    void countsExactlyThroughARedisCluster() throws Exception {
        List<LocalRedisProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Path dir = Files.createDirectories(tmp.resolve("node" + i));
                nodes.add(new LocalRedisProcess(dir, "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                        "--cluster-node-timeout", "5000").start());
            }
            createCluster(nodes);
            String seeds = String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList());
            ServerConfig config = ServerConfig.embedded(TrackingFixtures.writeExperiments(tmp.resolve("experiments")), tmp.resolve("data"))
                    .toBuilder().redisUrl("redis-cluster://" + seeds).build();
            MomentumServer server = MomentumServer.start(config);
            try {
                Random random = new Random(3);
                EventMix mix = new EventMix(server.catalog().current(), 1_500, random, "k");
                IngestLoad load = new IngestLoad(server.port());
                List<List<ObjectNode>> exposures = IngestLoad.batches(EventMix.withDuplicates(mix.exposures, random), 50, 100, random);
                List<List<ObjectNode>> outcomes = IngestLoad.batches(EventMix.withDuplicates(mix.outcomes, random), 50, 100, random);
                load.send(exposures, 4);
                load.send(outcomes, 4);

                assertEquals(mix.uniqueEvents(), load.accepted.get());
                for (String experiment : EventMix.EXPERIMENTS) {
                    Map<String, Long> redis = new TreeMap<>(server.tracking().counters().raw(experiment).toCompletionStage().toCompletableFuture().get());
                    assertEquals(mix.expectedCounters(experiment), redis, experiment);
                }
                for (String goal : EventMix.GOALS) {
                    assertEquals(mix.expectedGoal(goal), server.tracking().counts().readGoal(goal).toCompletionStage()
                            .toCompletableFuture().get(), goal);
                }
                TrackingFixtures.awaitWriterCaughtUp(server, Duration.ofSeconds(90));
                assertEquals(mix.uniqueEvents(), server.storage().mongo().getCollection(EventLog.EVENTS).countDocuments());
            } finally {
                server.stop();
            }
        } finally {
            for (LocalRedisProcess node : nodes) {
                node.close();
            }
        }
    }

    static void createCluster(List<LocalRedisProcess> nodes) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/redis-cli", "--cluster", "create"));
        nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(create.getInputStream().readAllBytes());
        if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
            throw new AssertionError("redis-cli --cluster create failed:\n" + output);
        }
        for (LocalRedisProcess node : nodes) {
            await("cluster_state:ok on the node at port " + node.port()).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> clusterInfo(node), info -> info.contains("cluster_state:ok"));
        }
    }

    private static String clusterInfo(LocalRedisProcess node) throws Exception {
        Process info = new ProcessBuilder("/usr/bin/redis-cli", "-p", Integer.toString(node.port()), "cluster", "info").redirectErrorStream(true).start();
        String output = new String(info.getInputStream().readAllBytes());
        info.waitFor(10, TimeUnit.SECONDS);
        return output;
    }
}
