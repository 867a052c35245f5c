package io.momentum.storage;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Opens a Lettuce connection from a URL: {@code redis://host:port/db} for one server,
 * {@code redis-cluster://host:port,host:port} for a Redis Cluster.
 *
 * <p>Commands fail fast while Redis is unreachable (rejected, with a timeout) instead of
 * queueing, so callers can answer 503 and the connection reconnects by itself.
 */
public final class RedisConnector {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final String CLUSTER_SCHEME = "redis-cluster://";

    private RedisConnector() {
    }

    /** An open connection and the client that owns its threads. */
    public record Connection(AutoCloseable client, StatefulConnection<String, String> connection,
                             RedisClusterAsyncCommands<String, String> commands) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            connection.close();
            client.close();
        }
    }

    public static Connection connect(String url) {
        if (url.startsWith(CLUSTER_SCHEME)) {
            return connectCluster(url.substring(CLUSTER_SCHEME.length()));
        }
        RedisClient client = RedisClient.create(RedisURI.create(url));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        StatefulRedisConnection<String, String> connection = client.connect();
        return new Connection(client::shutdown, connection, connection.async());
    }

    private static Connection connectCluster(String seeds) {
        List<RedisURI> uris = Arrays.stream(seeds.split(","))
                .map(String::trim)
                .map(hostPort -> RedisURI.create("redis://" + hostPort))
                .toList();
        RedisClusterClient client = RedisClusterClient.create(uris);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .build())
                .build());
        StatefulRedisClusterConnection<String, String> connection = client.connect();
        return new Connection(client::shutdown, connection, connection.async());
    }
}
