package io.momentum.tracking;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.MomentumServer;
import io.momentum.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while event batches are in flight: every request the server accepted is answered (no connection
 * resets), the process exits by itself, and after a restart everything acknowledged is counted and in MongoDB.
 * Like a load balancer that has taken the instance out of rotation, the clients open no new connection once
 * the stop is decided; requests already sent must all complete.
 */
class GracefulShutdownIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SENDERS = 8;
    /** What the requests that ended neither acknowledged nor refused got (for the failure message). */
    private static final ConcurrentLinkedQueue<String> ODD_ANSWERS = new ConcurrentLinkedQueue<>();

    @TempDir
    Path tmp;

    /**
     * How one request ended. REFUSED: the connection was never accepted (the listener had closed), so nothing was
     * sent and a load balancer retries elsewhere; RESET: an accepted connection ended without an answer (a dropped request).
     */
    enum Outcome { ACKNOWLEDGED, NOT_SENT, REFUSED, RESET, OTHER }

    @Test
    void inFlightRequestsCompleteAndAcknowledgedEventsSurviveTheRestart() throws Exception {
        Random random = new Random(5);
        Path data = tmp.resolve("data");
        EventMix mix = new EventMix(TrackingFixtures.catalog(TrackingFixtures.writeExperiments(data.resolve("experiments"))), 1_500, random, "g");
        List<List<ObjectNode>> batches = new ArrayList<>(IngestLoad.batches(mix.exposures, 10, 30, random));
        batches.addAll(IngestLoad.batches(mix.outcomes, 10, 30, random));

        FixtureServerProcess started = FixtureServerProcess.start(data, "first");
        Process server = started.process();
        int port = started.port();
        ConcurrentLinkedQueue<List<ObjectNode>> queue = new ConcurrentLinkedQueue<>(batches);
        List<List<ObjectNode>> unacknowledged = Collections.synchronizedList(new ArrayList<>());
        Map<Outcome, AtomicInteger> outcomes = new java.util.EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new AtomicInteger());
        }
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int i = 0; i < SENDERS; i++) {
            senders.submit(() -> {
                List<ObjectNode> batch;
                while ((batch = queue.poll()) != null) {
                    Outcome outcome = stopping.get() ? Outcome.NOT_SENT : post(port, batch);
                    outcomes.get(outcome).incrementAndGet();
                    if (outcome != Outcome.ACKNOWLEDGED) {
                        unacknowledged.add(batch);
                    }
                }
                return null;
            });
        }
        await("a third of the batches acknowledged before the SIGTERM").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
                .until(() -> outcomes.get(Outcome.ACKNOWLEDGED).get() >= batches.size() / 3);
        stopping.set(true);
        long t0 = System.nanoTime();
        server.destroy(); // SIGTERM while the requests already sent are in flight
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server must exit by itself after SIGTERM");
        long shutdownMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        senders.shutdown();
        assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));
        System.out.printf("graceful shutdown: exit after %d ms (code %d); %d batches acknowledged, %d not sent after the"
                        + " stop began, %d refused, %d reset, %d other%n", shutdownMs, server.exitValue(), outcomes.get(Outcome.ACKNOWLEDGED).get(),
                outcomes.get(Outcome.NOT_SENT).get(), outcomes.get(Outcome.REFUSED).get(), outcomes.get(Outcome.RESET).get(),
                outcomes.get(Outcome.OTHER).get());
        String log = Files.readString(data.getParent().resolve("first.log"));
        String diagnosis = "answers: " + ODD_ANSWERS + "\nserver log tail:\n" + log.substring(Math.max(0, log.length() - 6000));
        assertEquals(0, outcomes.get(Outcome.RESET).get(), "requests already accepted must be answered; " + diagnosis);
        assertEquals(0, outcomes.get(Outcome.OTHER).get(), diagnosis);
        assertTrue(Files.readString(data.getParent().resolve("first.log")).contains("momentum stopped"), "clean stop logged");

        MomentumServer restarted = MomentumServer.start(ServerConfig.embedded(data.resolve("experiments"), data));
        try {
            IngestLoad resend = new IngestLoad(restarted.port());
            for (List<ObjectNode> batch : unacknowledged) {
                resend.sendUntilAccepted(batch);
            }
            TrackingFixtures.awaitWriterCaughtUp(restarted, Duration.ofSeconds(60));
            for (String experiment : EventMix.EXPERIMENTS) {
                Map<String, Long> counted = new TreeMap<>(restarted.tracking().counters().raw(experiment)
                        .toCompletionStage().toCompletableFuture().get());
                assertEquals(mix.expectedCounters(experiment), counted, experiment);
            }
            long inMongo = restarted.storage().mongo().getCollection(EventLog.EVENTS).countDocuments();
            System.out.printf("graceful shutdown: %d events sent, %d counted in MongoDB after the restart%n", mix.uniqueEvents(), inMongo);
            assertEquals(mix.uniqueEvents(), inMongo);
        } finally {
            restarted.stop();
        }
    }

    /** One batch over a fresh connection ({@code Connection: close}), so a refused connection is told apart from a reset. */
    private static Outcome post(int port, List<ObjectNode> batch) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(JSON.createObjectNode().set("events", JSON.valueToTree(batch)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Socket socket = new Socket();
        try (socket) {
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            } catch (IOException e) {
                return Outcome.REFUSED;
            }
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (answer.isEmpty()) {
                ODD_ANSWERS.add("(connection closed without an answer)");
                return Outcome.RESET;
            }
            if (answer.startsWith("HTTP/1.1 202")) {
                JsonNode result = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                if (result.get("rejected").isEmpty()) {
                    return Outcome.ACKNOWLEDGED;
                }
            }
            ODD_ANSWERS.add(answer.substring(0, Math.min(400, answer.length())));
            return Outcome.OTHER;
        } catch (IOException e) {
            ODD_ANSWERS.add(e.toString());
            return Outcome.RESET;
        }
    }
}
