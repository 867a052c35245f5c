package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.config.ServerConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Visitor ids, goal names, event ids and experiment ids that look like Redis key patterns or MongoDB operators
 * are either rejected or stored literally: they never become key patterns, extra keys or query operators.
 */
class InjectionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> HOSTILE = List.of("a*", "{x}", "$gt", "\r\nDEL momentum:*", "..", "*", "?", "[a-z]",
            "}{", "momentum:*", "$where", "{\"$ne\":null}", "a b", "a:b", "../../etc");

    @TempDir
    Path tmp;

    @Test
    void hostileIdsAreRejectedOrStoredLiterally() throws Exception {
        Path experiments = TrackingFixtures.writeExperiments(tmp.resolve("experiments"));
        MomentumServer server = MomentumServer.start(ServerConfig.embedded(experiments, tmp.resolve("data")));
        try {
            TestHttp http = new TestHttp(server.port());
            Set<String> keysBefore = keys(server);
            int rejected = 0;
            int storedLiterally = 0;
            for (String hostile : HOSTILE) {
                String quoted = JSON.writeValueAsString(hostile);
                String id = UUID.randomUUID().toString();
                // As a visitor id: printable ids are allowed and must be stored as data, never as a key or pattern.
                HttpResponse<String> visitor = http.post("/v1/events", "application/json", "{\"events\":[{\"type\":\"conversion\","
                        + "\"visitor\":" + quoted + ",\"goal\":\"signup\",\"id\":\"" + id + "\"}]}");
                if (visitor.statusCode() == 202) {
                    assertEquals(1, JSON.readTree(visitor.body()).get("accepted").asInt(), visitor.body());
                    storedLiterally++;
                } else {
                    assertEquals(400, visitor.statusCode(), visitor.body());
                    rejected++;
                }
                // As goal, event id and experiment id: outside the charsets, so rejected per item. A goal name no
                // experiment uses is rejected too, even inside the charset: it never becomes a key.
                for (String field : List.of("goal", "id", "experiment")) {
                    String event = field.equals("experiment")
                            ? "{\"type\":\"exposure\",\"visitor\":\"v\",\"experiment\":" + quoted + "}"
                            : "{\"type\":\"conversion\",\"visitor\":\"v\",\"goal\":\"signup\",\"" + field + "\":" + quoted + "}";
                    HttpResponse<String> answer = http.post("/v1/events", "application/json", "{\"events\":[" + event + "]}");
                    if (field.equals("id") && hostile.matches("[A-Za-z0-9_.:-]{1,64}")) {
                        assertEquals(202, answer.statusCode(), answer.body()); // inside the charset: plain data
                        storedLiterally++;
                    } else {
                        assertEquals(400, answer.statusCode(), field + "=" + hostile + ": " + answer.body());
                        rejected++;
                    }
                }
                HttpResponse<String> path = http.get("/v1/experiments/" + java.net.URLEncoder.encode(hostile, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20"));
                assertTrue(path.statusCode() == 404 || path.statusCode() == 400, path.body());
            }
            TrackingFixtures.awaitWriterCaughtUp(server, Duration.ofSeconds(30));
            Set<String> created = new HashSet<>(keys(server));
            created.removeAll(keysBefore);
            for (String key : created) {
                assertTrue(key.matches("momentum:\\{[A-Za-z0-9_.:-]+\\}:[A-Za-z0-9_.:|-]+") || key.equals("momentum:streams"),
                        "hostile input created an unexpected key: " + key);
            }
            for (String hostile : HOSTILE.stream().filter(h -> !h.contains("\r")).toList()) {
                long stored = server.storage().mongo().getCollection(EventLog.EVENTS).countDocuments(Filters.eq(EventLog.VISITOR, hostile));
                assertEquals(1, stored, "visitor " + hostile + " stored literally, once");
            }
            System.out.printf("injection: %d hostile values, %d stored literally, %d rejected, %d new Redis keys, all well-formed%n", HOSTILE.size(), storedLiterally, rejected, created.size());
        } finally {
            server.stop();
        }
    }

    private static Set<String> keys(MomentumServer server) throws Exception {
        Set<String> keys = new HashSet<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = server.storage().redis().scan(cursor, ScanArgs.Builder.limit(1000)).toCompletableFuture().get();
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }
}
